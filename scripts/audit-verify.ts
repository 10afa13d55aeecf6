/**
 * `npm run audit:verify [-- --json]`: verifies the audit log's hash chain in the console's store
 * (DATABASE_URL, else PGlite in CONSOLE_DATA_DIR) and prints "N/M records valid" and the first
 * broken record. Exit 0 when the chain is valid, 1 when it is broken, 2 on usage or store errors.
 */
import { parseArgs } from "node:util";
import { formatVerify, verifyAudit } from "@/server/audit";
import { databaseMessage, migrate, openStore, type Store } from "@/server/db";
import { env } from "@/server/env";
import { finish } from "./cli";

const USAGE = `usage: npm run audit:verify [-- --json]

  --json       print the result as JSON
  -h, --help   show this help

Exit status: 0 valid, 1 broken, 2 usage or store error.
`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { json: { type: "boolean" }, help: { type: "boolean", short: "h" } }, strict: true }));
  } catch (err) {
    return finish(2, "", `audit:verify: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
  if (values.help) return finish(0, USAGE);

  let store: Store;
  try {
    const e = env();
    const target = e.DATABASE_URL
      ? ({ kind: "postgres", url: e.DATABASE_URL } as const)
      : ({ kind: "pglite", dataDir: e.CONSOLE_DATA_DIR } as const);
    store = await openStore(target);
  } catch (err) {
    // PGlite keeps its folder to one process: a running console holds it.
    const hint = env().DATABASE_URL ? "" : " (is the console running? PGlite's folder can be opened by one process at a time; stop it first)";
    return finish(2, "", `audit:verify: cannot open the store${hint}: ${databaseMessage(err) || String(err)}\n`);
  }
  try {
    // Brings an older store up to the chained schema; verification itself only reads.
    await migrate(store.db);
    const result = await verifyAudit(store.db);
    const out = values.json ? `${JSON.stringify(result, null, 2)}\n` : `${store.describe}\n${formatVerify(result)}`;
    await store.close();
    finish(result.ok ? 0 : 1, out);
  } catch (err) {
    await store.close().catch(() => undefined);
    finish(2, "", `audit:verify: ${databaseMessage(err) || String(err)}\n`);
  }
}

void main();
