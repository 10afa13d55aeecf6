import type { OpenRequests } from "./connections";

export interface ShutdownDeps {
  /** Stops accepting connections and closes the idle keep-alive ones (http.Server). */
  server: { close(): unknown; closeIdleConnections(): void; closeAllConnections(): void };
  open: OpenRequests;
  /** Stops the background work and hands over what this replica holds, then closes the store. */
  stopRuntime: () => Promise<void>;
  /** The whole shutdown's budget; past it the process exits non-zero. */
  graceMs: number;
  log: (line: string) => void;
  exit: (code: number) => void;
  setTimer: (fn: () => void, ms: number) => unknown;
}

/**
 * Returns the SIGTERM/SIGINT handler. The first signal: stop accepting, cut the event streams,
 * let the requests in flight finish, stop the runtime (the executor checkpoints its step, the
 * lease is handed over, the store closed), exit 0. All of it within `graceMs`, else exit 1 with a
 * line saying so — an orchestrator's SIGKILL would come anyway, this way the log says why. A
 * second signal exits at once.
 */
export function shutdownOnSignal(deps: ShutdownDeps): (signal: string) => void {
  let stopping = false;
  return (signal) => {
    if (stopping) {
      deps.log(`failover-console: ${signal} again, exiting now`);
      deps.exit(1);
      return;
    }
    stopping = true;
    deps.setTimer(() => {
      const { requests, streams } = deps.open.counts;
      deps.log(`failover-console: shutdown did not finish within ${deps.graceMs / 1000} s (${requests} requests, ${streams} streams open); exiting`);
      deps.exit(1);
    }, deps.graceMs);
    deps.log(`failover-console: ${signal}, shutting down (at most ${deps.graceMs / 1000} s)`);
    void drainThenStop(deps);
  };
}

async function drainThenStop({ server, open, stopRuntime, log, exit }: ShutdownDeps): Promise<void> {
  server.close();
  server.closeIdleConnections();
  const streams = open.closeStreams();
  if (streams > 0) log(`failover-console: closed ${streams} event streams`);
  await open.whenDrained();
  // A keep-alive connection that carried a request after close() is idle now: close it too.
  server.closeAllConnections();
  try {
    await stopRuntime();
  } catch (err) {
    log(`failover-console: stopping the runtime failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    exit(1);
    return;
  }
  log("failover-console: stopped");
  exit(0);
}
