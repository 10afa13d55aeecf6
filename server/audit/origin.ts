import "server-only";
import { tables, type Db } from "@/server/db";

export interface ChainOrigin {
  /** Legacy rows (hash NULL, written before migration 0003) this store had when 0009 sealed the chain. */
  legacyRows: number;
  /** The last legacy seq; 0 when there were none. */
  legacyThroughSeq: number;
}

/**
 * What migration 0009 recorded. A store whose origin row is gone (only a superuser can remove it)
 * is treated as having no legacy rows: removing the row can only make verification stricter.
 */
export async function readOrigin(db: Db): Promise<ChainOrigin> {
  const [row] = await db.select().from(tables.auditOrigin).limit(1);
  return { legacyRows: row?.legacyRows ?? 0, legacyThroughSeq: row?.legacyThroughSeq ?? 0 };
}
