import "server-only";

/** Plain structured-ish logging to stdout/stderr; causes stay here, never in responses. */
function line(level: string, message: string, extra?: unknown): string {
  const suffix =
    extra === undefined ? "" : extra instanceof Error ? ` ${extra.stack ?? extra.message}` : ` ${JSON.stringify(extra)}`;
  return `${new Date().toISOString()} ${level} ${message}${suffix}`;
}

export const log = {
  info: (message: string, extra?: unknown) => console.log(line("info", message, extra)),
  warn: (message: string, extra?: unknown) => console.warn(line("warn", message, extra)),
  error: (message: string, extra?: unknown) => console.error(line("error", message, extra)),
};
