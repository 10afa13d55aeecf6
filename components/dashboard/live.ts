import { Snapshot } from "@/lib/snapshot";

/** Pure helpers for the live snapshot: parsing stream messages and ordering snapshots. */

export type Connection = "connecting" | "live" | "reconnecting" | "offline";

/** Parses one `event: snapshot` message; a malformed one is reported, never rendered. */
export function parseSnapshotEvent(data: string): { ok: true; snapshot: Snapshot } | { ok: false; error: string } {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch (err) {
    return { ok: false, error: `not JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const parsed = Snapshot.safeParse(json);
  return parsed.success ? { ok: true, snapshot: parsed.data } : { ok: false, error: parsed.error.message };
}

/**
 * The newer of two snapshots. A poll that was in flight when the stream delivered a fresher
 * snapshot must not roll the screen back in time.
 */
export function newest(current: Snapshot | undefined, next: Snapshot): Snapshot {
  if (!current) return next;
  const a = Date.parse(current.generatedAt);
  const b = Date.parse(next.generatedAt);
  if (b !== a) return b > a ? next : current;
  return next.seq >= current.seq ? next : current;
}

/**
 * What the indicator says: live while the stream is open; otherwise polling is the fallback —
 * "reconnecting" while polls succeed, "offline" when they fail too.
 */
export function connectionOf(stream: "connecting" | "open" | "down", pollFailing: boolean): Connection {
  if (stream === "open") return "live";
  if (pollFailing) return "offline";
  return stream === "connecting" ? "connecting" : "reconnecting";
}
