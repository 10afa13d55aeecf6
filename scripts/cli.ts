/** Exits once the text is flushed, so a reader on a pipe gets all of it. */
export function finish(code: number, out: string, err = ""): void {
  if (err) process.stderr.write(err);
  process.stdout.write(out, () => process.exit(code));
}
