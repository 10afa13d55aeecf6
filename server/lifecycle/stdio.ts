/**
 * A console whose log collector died (its stdout or stderr pipe closed) must keep serving and
 * still stop on SIGTERM. Without a listener, the first write into the dead pipe raises EPIPE as an
 * 'error' event nobody handles, which becomes an uncaught exception; Next's custom server logs
 * uncaught exceptions with console.error — into the dead stderr — which raises the next one: a
 * loop that took 70% of a CPU and starved the signal handler (issue 14 §7).
 *
 * With a listener the error is handled: the stream is marked dead and its output dropped (there
 * is nowhere left to write it; the other stream, if alive, says so once).
 */
export interface LogStream {
  on(event: "error", listener: (err: Error) => void): unknown;
  write(text: string): unknown;
}

export function guardStdio(streams: { stdout: LogStream; stderr: LogStream }): { dead: () => readonly string[] } {
  const dead = new Set<string>();
  for (const [name, stream] of Object.entries(streams)) {
    stream.on("error", (err) => {
      if (dead.has(name)) return;
      dead.add(name);
      const other = name === "stdout" ? streams.stderr : streams.stdout;
      const otherName = name === "stdout" ? "stderr" : "stdout";
      if (!dead.has(otherName)) other.write(`failover-console: ${name} is gone (${err.message}); its output is dropped from now on\n`);
    });
  }
  return { dead: () => [...dead] };
}
