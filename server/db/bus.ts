import "server-only";
import { sql } from "drizzle-orm";
import type { Queryable, Store } from "./client";

/**
 * PostgreSQL LISTEN/NOTIFY between console replicas on one database (DESIGN architecture: "the
 * database coordinates them"). A NOTIFY sent inside a transaction is delivered when, and only if,
 * it commits — so a listener never hears of a change it cannot yet read. Payloads stay small
 * (NOTIFY's limit is 8000 bytes): ids and kinds, never snapshots; the listener reads the rest.
 * PGlite delivers them too, inside its one process.
 */
export const CHANNELS = {
  /** Run control for the replica driving runs: `RunSignal`. */
  runs: "fc_runs",
  /** Something a screen shows changed: `{ kind, id }` (server/live). */
  changes: "fc_changes",
  /** The simulated world was saved by some replica: reload it. */
  simWorld: "fc_sim_world",
} as const;
export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS];

const MAX_PAYLOAD = 7900;

export async function notify(db: Queryable, channel: Channel, payload: unknown): Promise<void> {
  const text = JSON.stringify(payload);
  if (Buffer.byteLength(text) > MAX_PAYLOAD) throw new Error(`notification on ${channel} too large (${Buffer.byteLength(text)} bytes): send an id, not the data`);
  await db.execute(sql`SELECT pg_notify(${channel}, ${text})`);
}

/** Listens on a channel and hands each payload, parsed as JSON, to `handler`; a malformed one is reported, never passed on. */
export function listenJson(store: Pick<Store, "listen">, channel: Channel, handler: (payload: unknown) => void, onMalformed: (text: string) => void): Promise<() => Promise<void>> {
  return store.listen(channel, (text) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      onMalformed(text);
      return;
    }
    handler(parsed);
  });
}
