/**
 * `npm run bench:audit`: audit append and verify throughput on PGlite (in memory). Appends 100,000
 * records in chained batches (each batch one lock + one head read + chunked multi-row inserts),
 * times single appends too, then times a full verification. Target: verify 100k in under 5 s.
 * Prints figures; asserts nothing.
 */
import { appendAudit, appendAuditBatch, AUDIT_ACTIONS, formatVerify, verifyAudit, type AuditEntry } from "@/server/audit";
import { manualClock } from "@/server/clock";
import { migrate, openStore } from "@/server/db";

const TOTAL = 100_000;
const BATCH = 1_000;
const SINGLES = 1_000;

const entry = (i: number): AuditEntry => ({
  actor: `user-${i % 50}`,
  actorName: `User ${i % 50}`,
  action: AUDIT_ACTIONS.faultToggled,
  ip: "192.0.2.10",
  payload: { fault: "lag_spike", region: i % 2 ? "us-east-1" : "us-west-2", enabled: i % 3 === 0, n: i },
});

async function main(): Promise<void> {
  const store = await openStore({ kind: "pglite", dataDir: null });
  await migrate(store.db);
  const clock = manualClock();

  let t = performance.now();
  for (let i = 0; i < SINGLES; i++) {
    await appendAudit(store.db, clock, entry(i));
    clock.advance(1);
  }
  const singleMs = performance.now() - t;

  t = performance.now();
  for (let done = SINGLES; done < TOTAL; done += BATCH) {
    const n = Math.min(BATCH, TOTAL - done);
    await appendAuditBatch(store.db, clock, Array.from({ length: n }, (_, k) => entry(done + k)));
    clock.advance(1);
  }
  const batchMs = performance.now() - t;

  t = performance.now();
  const result = await verifyAudit(store.db, { batchSize: 5_000 });
  const verifyMs = performance.now() - t;
  await store.close();

  const rate = (n: number, ms: number) => Math.round((n / ms) * 1000).toLocaleString("en-US");
  console.log(`append, one record a transaction: ${rate(SINGLES, singleMs)} records/s (${SINGLES} records)`);
  console.log(`append, ${BATCH}-record batches: ${rate(TOTAL - SINGLES, batchMs)} records/s (${TOTAL - SINGLES} records)`);
  console.log(`verify ${result.total.toLocaleString("en-US")} records: ${(verifyMs / 1000).toFixed(2)} s (${rate(result.total, verifyMs)} records/s; target < 5 s)`);
  process.stdout.write(formatVerify(result));
  if (!result.ok) process.exitCode = 1;
}

void main();
