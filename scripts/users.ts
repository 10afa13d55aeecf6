/**
 * `npm run users -- bootstrap --username NAME [--name "Display Name"]`: creates a founding admin
 * in the console's store (DATABASE_URL, else PGlite in CONSOLE_DATA_DIR) while fewer than two
 * admin persons exist. The password is read from a prompt (a terminal) or the first line of
 * standard input (a pipe), never from an argument, which other users of the machine could see.
 * Exit 0 created, 1 refused, 2 usage or store error.
 */
import { userInfo, hostname } from "node:os";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { bootstrapAdmin } from "@/server/auth/bootstrap";
import { labelOf } from "@/server/auth/users";
import { systemClock } from "@/server/clock";
import { databaseMessage, openMigratedStore, type Store } from "@/server/db";
import { env } from "@/server/env";
import { ServiceError } from "@/server/errors";
import { finish } from "./cli";

const USAGE = `usage: npm run users -- bootstrap --username NAME [--name "Display Name"]

  bootstrap        create a founding admin (only while fewer than two admin persons exist);
                   the password is prompted for, or read from the first line of standard input
  --username NAME  the new local account's username
  --name TEXT      its display name (default: the username)
  -h, --help       show this help

Exit status: 0 created, 1 refused, 2 usage or store error.
`;

/** The first line of a pipe. */
async function lineFromPipe(): Promise<string> {
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return "";
}

/** A line typed at the terminal with nothing echoed (raw mode: the characters are read one by one). */
function hiddenLine(prompt: string): Promise<string> {
  process.stderr.write(prompt);
  const stdin = process.stdin;
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = "";
    const done = (fn: () => void) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off("data", onData);
      process.stderr.write("\n");
      fn();
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString("utf8")) {
        if (ch === "\r" || ch === "\n") return done(() => resolve(typed));
        if (ch === "\u0003") return done(() => reject(new ServiceError("invalid", "cancelled")));
        typed = ch === "\u007f" ? typed.slice(0, -1) : typed + ch;
      }
    };
    stdin.on("data", onData);
  });
}

/** One line from a pipe, or a prompt with the echo turned off on a terminal (asked twice). */
async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return lineFromPipe();
  const first = await hiddenLine("password (at least 12 characters): ");
  const again = await hiddenLine("same password again: ");
  if (first !== again) throw new ServiceError("invalid", "the two passwords differ");
  return first;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { username: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } },
      strict: true,
    });
  } catch (err) {
    return finish(2, "", `users: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) return finish(0, USAGE);
  if (positionals[0] !== "bootstrap" || positionals.length !== 1 || !values.username) {
    return finish(2, "", `users: expected "bootstrap --username NAME"\n\n${USAGE}`);
  }
  let password: string;
  try {
    password = await readPassword();
  } catch (err) {
    return finish(2, "", `users: ${err instanceof Error ? err.message : String(err)}\n`);
  }
  let store: Store;
  try {
    store = await openMigratedStore(env(), (message) => process.stderr.write(`users: warning: ${message}\n`));
  } catch (err) {
    const hint = env().DATABASE_URL ? "" : " (is the console running? PGlite's folder can be opened by one process at a time; stop it first)";
    return finish(2, "", `users: cannot open the store${hint}: ${databaseMessage(err) || String(err)}\n`);
  }
  try {
    const by = `npm run users -- bootstrap (${userInfo().username}@${hostname()})`;
    const row = await bootstrapAdmin(store.db, systemClock, { username: values.username, name: values.name ?? values.username, password, by });
    await store.close();
    finish(0, `created admin ${labelOf(row)} in ${store.describe}\n`);
  } catch (err) {
    await store.close().catch(() => undefined);
    if (err instanceof ServiceError) return finish(err.code === "conflict" ? 1 : 2, "", `users: ${err.message}\n`);
    finish(2, "", `users: ${databaseMessage(err) || String(err)}\n`);
  }
}

void main();
