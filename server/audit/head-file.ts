import "server-only";
import { appendFile, open, readFile } from "node:fs/promises";
import { SignedHead } from "./seal";

/**
 * The head file is JSON lines, one published head per line, only ever appended to: a later
 * publication never overwrites an earlier one, so the history of heads survives a cut log.
 * (A file from before JSON lines holds one head as one line, which reads the same way.)
 */
export async function appendHeadLine(file: string, head: SignedHead): Promise<void> {
  await appendFile(file, `${JSON.stringify(head)}\n`);
}

/** Every head in the file, oldest first; a malformed line is an error naming its line number. */
export async function readHeadFile(file: string): Promise<SignedHead[]> {
  const text = await readFile(file, "utf8");
  const heads: SignedHead[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    const parsed = SignedHead.safeParse(parseJson(line));
    if (!parsed.success) throw new Error(`${file} line ${i + 1}: not a published audit head (${parsed.error.issues[0]?.message ?? "invalid"})`);
    heads.push(parsed.data);
  });
  return heads;
}

// The newest head is in the last line; a head line is ~250 bytes, so this much tail always holds it.
const TAIL_BYTES = 4096;

/** The newest head in the file without reading all of it; null when the file does not exist or is empty. */
export async function lastHeadInFile(file: string): Promise<SignedHead | null> {
  let handle;
  try {
    handle = await open(file, "r");
  } catch (err) {
    if (err instanceof Error && "code" in err && err.code === "ENOENT") return null;
    throw err;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const { buffer } = await handle.read({ buffer: Buffer.alloc(length), position: size - length });
    const last = buffer.toString("utf8").split("\n").filter((l) => l.trim() !== "").at(-1);
    if (last === undefined) return null;
    const parsed = SignedHead.safeParse(parseJson(last));
    if (!parsed.success) throw new Error(`${file}: its last line is not a published audit head (${parsed.error.issues[0]?.message ?? "invalid"})`);
    return parsed.data;
  } finally {
    await handle.close();
  }
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return null;
  }
}
