import "server-only";
import { z } from "zod";
import { CHANNELS, listenJson, notify, type Db, type Store } from "@/server/db";
import { log } from "@/server/log";

/**
 * What a route tells the replica driving runs once it stored a change: drive this run (approved,
 * resumed, retried), a pause, an abort (cancel the step in flight). The executor implements it
 * for a process alone on its store; between replicas it goes through the database.
 */
export interface RunSignals {
  kick(runId: string): void;
  requestPause(runId: string): void;
  requestAbort(runId: string, reason: string): void;
}

export const RunSignal = z.discriminatedUnion("action", [
  z.object({ action: z.literal("kick"), runId: z.string().min(1) }),
  z.object({ action: z.literal("pause"), runId: z.string().min(1) }),
  z.object({ action: z.literal("abort"), runId: z.string().min(1), reason: z.string() }),
]);
export type RunSignal = z.infer<typeof RunSignal>;

/**
 * Signals sent with NOTIFY on `fc_runs`, heard by every replica (the sender too); only the leader's
 * executor acts on them. Sent after the change committed, so the leader reads what it is told
 * about. A notification lost (the store went away between the commit and the send) is made up by
 * the leader's scan each lease renewal — and an abort stored without its signal still stops the
 * run before its next attempt.
 */
export function signalsThroughStore(db: Db): RunSignals {
  const send = (signal: RunSignal) => {
    notify(db, CHANNELS.runs, signal).catch((err: unknown) => log.warn(`could not send ${signal.action} for run ${signal.runId} to the leader; it finds the run on its next scan`, err));
  };
  return {
    kick: (runId) => send({ action: "kick", runId }),
    requestPause: (runId) => send({ action: "pause", runId }),
    requestAbort: (runId, reason) => send({ action: "abort", runId, reason: reason.slice(0, 2000) }),
  };
}

/** Hands the signals heard on `fc_runs` to this replica's executor (which ignores them unless it leads). */
export function listenForRunSignals(store: Pick<Store, "listen">, executor: RunSignals): Promise<() => Promise<void>> {
  return listenJson(
    store,
    CHANNELS.runs,
    (payload) => {
      const signal = RunSignal.safeParse(payload);
      if (!signal.success) return log.warn("ignored a malformed run signal", signal.error.issues[0]?.message);
      if (signal.data.action === "kick") executor.kick(signal.data.runId);
      if (signal.data.action === "pause") executor.requestPause(signal.data.runId);
      if (signal.data.action === "abort") executor.requestAbort(signal.data.runId, signal.data.reason);
    },
    (text) => log.warn(`ignored a run signal that is not JSON: ${text.slice(0, 100)}`),
  );
}
