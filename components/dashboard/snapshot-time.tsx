"use client";

import { createContext, useContext, useEffect, useState } from "react";

/**
 * When the snapshot on screen was generated, how long the browser has held it and the poll
 * cadence. Ages shown to the user are the server's ages plus the time held, so a screen that stops
 * receiving updates visibly ages instead of freezing on "2 s ago".
 */
export interface SnapshotTime {
  generatedAt: string;
  heldMs: number;
  cadenceMs: number;
  /**
   * Whether the browser should age statuses itself. Off while the stream is live (the server's
   * word is current); on when updates stopped, so a green fact turns stale, then unknown.
   */
  ageLocally: boolean;
}

const SnapshotTimeContext = createContext<SnapshotTime>({ generatedAt: new Date(0).toISOString(), heldMs: 0, cadenceMs: 5_000, ageLocally: true });

export const SnapshotTimeProvider = SnapshotTimeContext.Provider;

export function useSnapshotTime(): SnapshotTime {
  return useContext(SnapshotTimeContext);
}

/** Milliseconds since `receivedAt` (browser clock), ticking every second; 0 on the server render. */
export function useHeldFor(receivedAt: number): number {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  return now === null ? 0 : Math.max(0, now - receivedAt);
}
