import "server-only";
import { sql } from "drizzle-orm";
import { queryRows, type Queryable } from "@/server/db";

/**
 * The lease's SQL (migration 0012). Every time here is the database's `clock_timestamp()`: the
 * replicas' own clocks never decide who leads, so a replica whose clock runs fast or jumps cannot
 * take a lease early or keep one late.
 */
const NAME = "console";

export interface LeaseRow {
  holder: string;
  holderRegion: string | null;
  token: number;
  acquiredAt: Date;
  expiresAt: Date;
  /** Unexpired by the database's clock, now. */
  live: boolean;
  /** Handed over by its holder (expiry set to its last renewal), rather than lost. */
  released: boolean;
}

type Raw = { holder: string; holder_region: string | null; token: string | number; acquired_at: Date | string; expires_at: Date | string; live: boolean; released: boolean };

function row(r: Raw): LeaseRow {
  return {
    holder: r.holder,
    holderRegion: r.holder_region,
    token: Number(r.token),
    acquiredAt: new Date(r.acquired_at),
    expiresAt: new Date(r.expires_at),
    live: r.live,
    released: r.released,
  };
}

const COLUMNS = sql`holder, holder_region, token, acquired_at, expires_at, expires_at > clock_timestamp() AS live, expires_at <= renewed_at AS released`;

export async function readLease(db: Queryable, lock: "none" | "share" | "update" = "none"): Promise<LeaseRow | null> {
  const suffix = lock === "share" ? sql` FOR SHARE` : lock === "update" ? sql` FOR UPDATE` : sql``;
  const [r] = await queryRows<Raw>(db, sql`SELECT ${COLUMNS} FROM leader_lease WHERE name = ${NAME}${suffix}`);
  return r ? row(r) : null;
}

/**
 * Takes the lease when nobody holds a live one. Call inside a transaction: the row stays locked
 * until it commits, with whatever the caller records about the takeover. The token is the
 * previous one plus one — a lease is never granted twice with the same token.
 * Returns the previous lease (null: the first ever) and the new one, or null when a live lease is held.
 */
export async function takeLease(tx: Queryable, replica: string, region: string | null, ttlMs: number): Promise<{ previous: LeaseRow | null; lease: LeaseRow } | null> {
  const previous = await readLease(tx, "update");
  if (previous?.live) return null;
  const ttl = sql`clock_timestamp() + ${ttlMs} * interval '1 millisecond'`;
  const rows = previous
    ? await queryRows<Raw>(
        tx,
        sql`UPDATE leader_lease SET holder = ${replica}, holder_region = ${region}, token = token + 1,
                   acquired_at = clock_timestamp(), renewed_at = clock_timestamp(), expires_at = ${ttl}
            WHERE name = ${NAME} AND expires_at <= clock_timestamp()
            RETURNING ${COLUMNS}`,
      )
    : await queryRows<Raw>(
        tx,
        sql`INSERT INTO leader_lease (name, holder, holder_region, token, acquired_at, renewed_at, expires_at)
            VALUES (${NAME}, ${replica}, ${region}, 1, clock_timestamp(), clock_timestamp(), ${ttl})
            ON CONFLICT (name) DO NOTHING
            RETURNING ${COLUMNS}`,
      );
  const [taken] = rows;
  return taken ? { previous, lease: row(taken) } : null;
}

/** Extends our own live lease by the TTL; null when it is no longer ours (taken over, or it expired first). */
export async function renewLease(db: Queryable, replica: string, token: number, ttlMs: number): Promise<LeaseRow | null> {
  const [r] = await queryRows<Raw>(
    db,
    sql`UPDATE leader_lease SET renewed_at = clock_timestamp(), expires_at = clock_timestamp() + ${ttlMs} * interval '1 millisecond'
        WHERE name = ${NAME} AND holder = ${replica} AND token = ${token} AND expires_at > clock_timestamp()
        RETURNING ${COLUMNS}`,
  );
  return r ? row(r) : null;
}

/** Hands the lease over at once (graceful shutdown): a follower may take it on its next try. */
export async function releaseLease(db: Queryable, replica: string, token: number): Promise<boolean> {
  const rows = await queryRows<{ token: number }>(
    db,
    // One instant for both columns: "released" is read back as expiry at (or before) the last renewal.
    sql`WITH t AS (SELECT clock_timestamp() AS now)
        UPDATE leader_lease SET renewed_at = t.now, expires_at = t.now FROM t
        WHERE name = ${NAME} AND holder = ${replica} AND token = ${token} AND expires_at > t.now
        RETURNING token`,
  );
  return rows.length > 0;
}

/**
 * The fence: inside the transaction of a leader's write, true only while `token` is the live
 * lease's. The lease row stays share-locked until the transaction ends, so no successor can take
 * the lease between this check and the commit — and once one has, the check fails.
 */
export async function holdsLease(tx: Queryable, replica: string, token: number): Promise<boolean> {
  const lease = await readLease(tx, "share");
  return lease !== null && lease.live && lease.holder === replica && lease.token === token;
}

/** For tests and drills: ends the live lease now, as if its holder had stopped renewing. */
export async function expireLease(db: Queryable): Promise<void> {
  await db.execute(sql`UPDATE leader_lease SET expires_at = clock_timestamp() - interval '1 millisecond', renewed_at = clock_timestamp() - interval '1 second' WHERE name = ${NAME}`);
}
