/**
 * Issue 14 figure: PostgreSQL primary lost → first successful write on the promoted standby,
 * goal < 5 s after promotion. Each round builds a primary and a synchronous streaming standby
 * (server/db/clusters.ts: PostgreSQL 15 binaries, run as `postgres` under root), opens the
 * console's store with both hosts in the URL, keeps appending audit records, stops the primary
 * (`pg_ctl stop -m immediate`) and promotes the standby. Promotion time is when the standby first
 * answers `pg_is_in_recovery() = false` (polled every 10 ms on its own connection).
 *
 *   npm run bench:store-failover            # ROUNDS=5 by default
 */
import pg from "pg";
import { systemClock } from "@/server/clock";
import { AUDIT_ACTIONS, appendAudit, verifyAudit } from "@/server/audit";
import { openStore } from "@/server/db/client";
import { clusters, haveClusterBinaries, PG_BIN, type Cluster } from "@/server/db/clusters";
import { storeFailure } from "@/server/db/failover";
import { migrate } from "@/server/db/migrate";

const ROUNDS = Number(process.env.ROUNDS ?? 5);

async function promotedAt(standby: Cluster, stop: AbortSignal): Promise<number> {
  while (!stop.aborted) {
    const client = new pg.Client({ connectionString: standby.url("fc") });
    try {
      await client.connect();
      for (;;) {
        const { rows } = await client.query<{ r: boolean }>("select pg_is_in_recovery() as r");
        if (rows[0]?.r === false) return performance.now();
        await new Promise((r) => setTimeout(r, 10));
      }
    } catch {
      await new Promise((r) => setTimeout(r, 10));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error("stopped before the promotion was seen");
}

async function round(): Promise<{ afterPromotionMs: number; afterLossMs: number; refused: number; acked: number }> {
  const set = await clusters();
  try {
    const primary = await set.make("primary");
    await primary.query("create database fc");
    const standby = await set.standbyOf(primary, "standby");
    await primary.query("alter system set synchronous_standby_names = '*'");
    await primary.query("select pg_reload_conf()");
    const store = await openStore({ kind: "postgres", url: `postgres://fc@${primary.hostPort},${standby.hostPort}/fc?target_session_attrs=read-write`, failoverWaitMs: 15_000 });
    try {
      await migrate(store.db);
      const acks: number[] = [];
      let refused = 0;
      let lostAt = Infinity;
      let writing = true;
      const writer = (async () => {
        for (let n = 0; writing; n++) {
          try {
            await appendAudit(store.db, systemClock, { actor: "system", actorName: "bench", action: AUDIT_ACTIONS.faultToggled, payload: { n } });
            acks.push(performance.now());
          } catch (err) {
            if (!storeFailure(err)) throw err;
            refused++;
          }
        }
      })();
      await new Promise((r) => setTimeout(r, 500));
      const watching = new AbortController();
      const promoted = promotedAt(standby, watching.signal);
      lostAt = performance.now();
      await primary.stop("immediate");
      await standby.promote();
      const at = await promoted;
      watching.abort();
      while (!acks.some((t) => t > at)) await new Promise((r) => setTimeout(r, 5));
      writing = false;
      await writer;
      const first = acks.find((t) => t > at) ?? NaN;
      const verified = await verifyAudit(store.db);
      if (!verified.ok) throw new Error(`audit chain broken after the failover: ${JSON.stringify(verified.firstBroken)}`);
      return { afterPromotionMs: first - at, afterLossMs: first - lostAt, refused, acked: acks.length };
    } finally {
      await store.close();
    }
  } finally {
    await set.cleanup();
  }
}

if (!haveClusterBinaries) {
  console.error(`PostgreSQL binaries not found in ${PG_BIN} (set PG_BIN)`);
  process.exit(2);
}
const results = [];
for (let i = 0; i < ROUNDS; i++) {
  const r = await round();
  results.push(r);
  console.log(`round ${i + 1}: first write ${r.afterPromotionMs.toFixed(0)} ms after promotion (${r.afterLossMs.toFixed(0)} ms after the primary was lost); ${r.acked} writes acknowledged, ${r.refused} refused`);
}
const sorted = results.map((r) => r.afterPromotionMs).sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
const max = sorted[sorted.length - 1] ?? NaN;
console.log(`PostgreSQL primary lost → first successful write on the promoted standby: median ${median.toFixed(0)} ms, max ${max.toFixed(0)} ms after promotion (goal < 5000 ms; ${ROUNDS} rounds)`);
