/**
 * `npm run audit:verify [-- --json] [-- --head FILE]`: verifies the audit log's hash chain in the
 * console's store (DATABASE_URL, else PGlite in CONSOLE_DATA_DIR) and prints "N/M records valid"
 * and the first broken record. With --head, also checks every head in FILE (the published heads,
 * JSON lines) against AUDIT_HEAD_KEY and that the chain still reaches each one: a tail deleted
 * since is named. Exit 0 when valid, 1 when broken (or a head is forged), 2 on usage or store errors.
 */
import { parseArgs } from "node:util";
import { formatVerify, readHeadFile, verifyAudit, type SignedHead, type VerifyOptions } from "@/server/audit";
import { databaseMessage, openMigratedStore, type Store } from "@/server/db";
import { env } from "@/server/env";
import { finish } from "./cli";

const USAGE = `usage: npm run audit:verify [-- --json] [-- --head FILE]

  --head FILE  also check the published heads in FILE (the console's audit.headFile, JSON lines):
               each must be signed with AUDIT_HEAD_KEY and still be in the chain
  --json       print the result as JSON
  -h, --help   show this help

Exit status: 0 valid, 1 broken (or a published head forged or cut off), 2 usage or store error.
`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({ options: { json: { type: "boolean" }, head: { type: "string" }, help: { type: "boolean", short: "h" } }, strict: true }));
  } catch (err) {
    return finish(2, "", `audit:verify: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
  if (values.help) return finish(0, USAGE);

  let published: VerifyOptions["published"];
  if (values.head !== undefined) {
    const key = env().AUDIT_HEAD_KEY;
    if (!key) return finish(2, "", "audit:verify: --head needs AUDIT_HEAD_KEY (the key the console signs its heads with)\n");
    let heads: SignedHead[];
    try {
      heads = await readHeadFile(values.head);
    } catch (err) {
      return finish(2, "", `audit:verify: cannot read the head file: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    if (heads.length === 0) return finish(2, "", `audit:verify: ${values.head} holds no published head\n`);
    published = { heads, key };
  }

  let store: Store;
  try {
    // Brings an older store up to the chained schema (as DATABASE_OWNER_URL's role when set); verification itself only reads.
    store = await openMigratedStore(env(), (message) => process.stderr.write(`audit:verify: warning: ${message}\n`));
  } catch (err) {
    // PGlite keeps its folder to one process: a running console holds it.
    const hint = env().DATABASE_URL ? "" : " (is the console running? PGlite's folder can be opened by one process at a time; stop it first)";
    return finish(2, "", `audit:verify: cannot open the store${hint}: ${databaseMessage(err) || String(err)}\n`);
  }
  try {
    const result = await verifyAudit(store.db, { published });
    const out = values.json ? `${JSON.stringify(result, null, 2)}\n` : `${store.describe}\n${formatVerify(result)}`;
    await store.close();
    finish(result.ok ? 0 : 1, out);
  } catch (err) {
    await store.close().catch(() => undefined);
    finish(2, "", `audit:verify: ${databaseMessage(err) || String(err)}\n`);
  }
}

void main();
