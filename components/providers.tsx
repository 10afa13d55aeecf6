"use client";

import { QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { makeQueryClient } from "@/lib/query-client";
import { LiveStreamProvider } from "./live/live-stream";

/** `live`: open the tab's stream of snapshots and changes (signed-in pages; the stream refuses others). */
export function Providers({ live, children }: { live: boolean; children: ReactNode }) {
  // One client per browser session; created in state so a re-render never replaces it.
  const [client] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={client}>
      <LiveStreamProvider enabled={live}>{children}</LiveStreamProvider>
    </QueryClientProvider>
  );
}
