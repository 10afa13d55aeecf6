import { sql } from "drizzle-orm";
import { queryRows, type Db } from "./client";

/** Tables the runtime role may read and append to, never change: the audit log and its sealed origin. */
const APPEND_ONLY = ["audit"] as const;
const READ_ONLY = ["audit_origin", "schema_migrations"] as const;

/**
 * Run as the owner (DATABASE_OWNER_URL) after migrating: gives the runtime role (DATABASE_URL's)
 * what the console needs and no more (USAGE on the schema is PUBLIC's by default). Every table gets SELECT, INSERT, UPDATE and DELETE (the
 * console's own data), except the audit log — SELECT and INSERT only — and the audit origin and
 * migration record — SELECT only. Not being the owner, the runtime role cannot ALTER the audit
 * table (so cannot disable its triggers), nor TRUNCATE anything. Run at every start, so tables
 * added by later migrations are covered. Idempotent.
 */
export async function grantRuntime(owner: Db, runtimeRole: string): Promise<void> {
  const role = sql.identifier(runtimeRole);
  await owner.transaction(async (tx) => {
    await tx.execute(sql`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role}`);
    await tx.execute(sql`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
    for (const t of [...APPEND_ONLY, ...READ_ONLY]) {
      await tx.execute(sql`REVOKE ALL ON ${sql.identifier(t)} FROM ${role}`);
      await tx.execute(sql`GRANT SELECT ON ${sql.identifier(t)} TO ${role}`);
    }
    for (const t of APPEND_ONLY) await tx.execute(sql`GRANT INSERT ON ${sql.identifier(t)} TO ${role}`);
  });
}

export interface RoleFacts {
  name: string;
  superuser: boolean;
  /** Owns the audit table, or is a member of the role that does: can ALTER it and drop its triggers. */
  ownsAudit: boolean;
}

/** Who a connection is, and whether it could disable the audit triggers. */
export async function roleFacts(db: Db): Promise<RoleFacts> {
  const [row] = await queryRows<{ name: string; superuser: boolean; owns_audit: boolean }>(
    db,
    sql`SELECT current_user AS name,
      (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser,
      coalesce((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c WHERE c.oid = to_regclass('public.audit')), false) AS owns_audit`,
  );
  if (!row) throw new Error("could not read the database role");
  return { name: row.name, superuser: row.superuser, ownsAudit: row.owns_audit };
}
