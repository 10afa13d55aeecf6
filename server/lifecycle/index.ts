import "server-only";

export { OpenRequests } from "./connections";
export { shutdownOnSignal, type ShutdownDeps } from "./shutdown";
export { guardStdio, type LogStream } from "./stdio";

/** How long a SIGTERM may take before the process gives up and exits non-zero. */
export const SHUTDOWN_GRACE_MS = 10_000;
