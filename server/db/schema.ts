import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

/**
 * The typed view of the tables. The SQL that creates them lives in `migrations/`; the
 * schema test checks that the two agree, so a column added to one and not the other fails CI.
 */
export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    /** "local" for password accounts, otherwise the OIDC provider id from the config. */
    provider: text("provider").notNull(),
    /** The identity within the provider: the username for local accounts, the `sub` claim for OIDC. */
    subject: text("subject").notNull(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    email: text("email"),
    passwordHash: text("password_hash"),
    roles: text("roles").array().notNull(),
    disabled: boolean("disabled").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [uniqueIndex("users_provider_subject").on(t.provider, t.subject)],
);

/** Append-only: the migrations install triggers that refuse UPDATE, DELETE and TRUNCATE. */
export const audit = pgTable(
  "audit",
  {
    /** Gapless: appendAudit sets it to head + 1 under an advisory lock; the serial default goes unused. */
    seq: bigserial("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    /** The acting identity: a user id, an attempted username for failed logins, or "system". */
    actor: text("actor").notNull(),
    actorName: text("actor_name").notNull(),
    action: text("action").notNull(),
    ip: text("ip"),
    payload: jsonb("payload").notNull(),
    /** Hash chain (0003): NULL only on legacy rows written before the chain existed. */
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [index("audit_action_at").on(t.action, t.at)],
);

/** Small key/value facts the console keeps about itself (the sim-mode session secret). */
export const settings = pgTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
});

/** Signal transitions and finding changes, for the timeline. */
export const observations = pgTable(
  "observations",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    region: text("region"),
    kind: text("kind").notNull(),
    subject: text("subject").notNull(),
    fromValue: text("from_value"),
    toValue: text("to_value").notNull(),
    detail: jsonb("detail").notNull(),
  },
  (t) => [index("observations_at").on(t.at)],
);

export const lagSamples = pgTable(
  "lag_samples",
  {
    region: text("region").notNull(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    replicationLagMs: doublePrecision("replication_lag_ms"),
    rpoLagMs: doublePrecision("rpo_lag_ms"),
  },
  (t) => [primaryKey({ columns: [t.region, t.at] })],
);
