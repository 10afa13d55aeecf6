import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
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
    /** The person the account belongs to (0008): the two-person rule compares persons. */
    personId: text("person_id").notNull(),
    /** Roles, person link or password last changed; NULL when never changed since 0008 or seeded. */
    privilegesChangedAt: timestamp("privileges_changed_at", { withTimezone: true, precision: 3 }),
  },
  // The unique display name among active accounts is an expression index in 0008.
  (t) => [uniqueIndex("users_provider_subject").on(t.provider, t.subject), index("users_person").on(t.personId)],
);

/** A human being behind one or more accounts (a local break-glass account and an SSO account). */
export const persons = pgTable("persons", {
  id: text("id").primaryKey(),
  /** "email:<verified email>" or "claim:<value>" for single sign-on; NULL for local-only persons. */
  key: text("key").unique(),
  createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
});

/** Privilege changes, proposed by one admin and approved by a different admin person (0008). */
export const accessChanges = pgTable(
  "access_changes",
  {
    id: text("id").primaryKey(),
    kind: text("kind").notNull(),
    targetUserId: text("target_user_id"),
    params: jsonb("params").notNull(),
    /** The new password's hash for create-account and reset-password; never leaves the server. */
    passwordHash: text("password_hash"),
    reason: text("reason").notNull(),
    contentHash: text("content_hash").notNull(),
    proposerId: text("proposer_id").notNull(),
    proposerName: text("proposer_name").notNull(),
    status: text("status").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
    decidedBy: text("decided_by"),
    decidedByName: text("decided_by_name"),
    decisionReason: text("decision_reason"),
    resultUserId: text("result_user_id"),
  },
  (t) => [index("access_changes_created_at").on(t.createdAt)],
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
    /** Hash chain (0003): NULL only on legacy rows written before the chain existed (0009 refuses new NULLs). */
    prevHash: text("prev_hash"),
    hash: text("hash"),
  },
  (t) => [index("audit_action_at").on(t.action, t.at), index("audit_at").on(t.at, t.seq)],
);

/**
 * One row, written once by migration 0009: how many legacy (pre-chain, hash NULL) audit rows this
 * store had, and through which seq. Verification folds only those; any other NULL hash is tampering.
 */
export const auditOrigin = pgTable("audit_origin", {
  id: boolean("id").primaryKey().default(true),
  legacyRows: bigint("legacy_rows", { mode: "number" }).notNull(),
  legacyThroughSeq: bigint("legacy_through_seq", { mode: "number" }).notNull(),
  sealedAt: timestamp("sealed_at", { withTimezone: true, precision: 3 }).notNull().defaultNow(),
});

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

/**
 * A request to run a runbook, with the evidence at the time and a hash of its exact content.
 * The "one active proposal" rule is a partial unique index in 0004 (an expression index drizzle
 * cannot declare); the runbook/status/data-loss CHECKs live there too.
 */
export const proposals = pgTable(
  "proposals",
  {
    id: text("id").primaryKey(),
    runbook: text("runbook").notNull(),
    targetRegion: text("target_region").notNull(),
    sourceRegion: text("source_region").notNull(),
    reason: text("reason").notNull(),
    dataLossAck: jsonb("data_loss_ack"),
    readiness: jsonb("readiness").notNull(),
    contentHash: text("content_hash").notNull(),
    proposerId: text("proposer_id").notNull(),
    proposerName: text("proposer_name").notNull(),
    status: text("status").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
    /** A user id, or "system" for expiry. */
    decidedBy: text("decided_by"),
    decisionReason: text("decision_reason"),
  },
  (t) => [index("proposals_created_at").on(t.createdAt)],
);

/** At most one per proposal (primary key); a trigger refuses an approver who is the proposer. */
export const approvals = pgTable("approvals", {
  proposalId: text("proposal_id").primaryKey(),
  approverId: text("approver_id").notNull(),
  approverName: text("approver_name").notNull(),
  contentHash: text("content_hash").notNull(),
  reauthMethod: text("reauth_method").notNull(),
  at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
});

/** One per approved proposal; at most one active (running, paused, failed) at a time. */
export const runs = pgTable(
  "runs",
  {
    id: text("id").primaryKey(),
    proposalId: text("proposal_id").notNull().unique(),
    runbook: text("runbook").notNull(),
    sourceRegion: text("source_region").notNull(),
    targetRegion: text("target_region").notNull(),
    epoch: integer("epoch").notNull(),
    status: text("status").notNull(),
    statusReason: text("status_reason"),
    rpoEstimateMs: doublePrecision("rpo_estimate_ms"),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    finishedAt: timestamp("finished_at", { withTimezone: true, precision: 3 }),
  },
  (t) => [index("runs_created_at").on(t.createdAt)],
);

/** A run's steps, in order; each row is updated before and after its step acts. */
export const runSteps = pgTable(
  "run_steps",
  {
    runId: text("run_id").notNull(),
    idx: integer("idx").notNull(),
    stepId: text("step_id").notNull(),
    kind: text("kind").notNull(),
    title: text("title").notNull(),
    region: text("region"),
    params: jsonb("params").notNull(),
    bestEffort: boolean("best_effort").notNull(),
    maxAttempts: integer("max_attempts").notNull(),
    timeoutMs: integer("timeout_ms").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }),
    finishedAt: timestamp("finished_at", { withTimezone: true, precision: 3 }),
    detail: text("detail"),
    error: text("error"),
  },
  (t) => [primaryKey({ columns: [t.runId, t.idx] })],
);

/**
 * A request to go on with a stopped run that needs a second person (0011): one pending per run (a
 * partial unique index in 0011), approved only by someone other than the requester (a CHECK there).
 */
export const runContinuations = pgTable("run_continuations", {
  id: text("id").primaryKey(),
  runId: text("run_id").notNull(),
  action: text("action").notNull(),
  status: text("status").notNull(),
  requestedBy: text("requested_by").notNull(),
  requestedByName: text("requested_by_name").notNull(),
  requestedAt: timestamp("requested_at", { withTimezone: true, precision: 3 }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
  why: jsonb("why").notNull(),
  evidence: jsonb("evidence"),
  decidedBy: text("decided_by"),
  decidedByName: text("decided_by_name"),
  decidedAt: timestamp("decided_at", { withTimezone: true, precision: 3 }),
  reauthMethod: text("reauth_method"),
});

/**
 * A time window with a commander (0006). One open at a time: a partial unique index in 0006
 * (an expression index drizzle cannot declare), like the severity/status CHECKs.
 */
export const incidents = pgTable(
  "incidents",
  {
    id: text("id").primaryKey(),
    title: text("title").notNull(),
    severity: text("severity").notNull(),
    /** A user id, or "system" for an incident the console opened until someone takes command. */
    commanderId: text("commander_id").notNull(),
    commanderName: text("commander_name").notNull(),
    status: text("status").notNull(),
    startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull(),
    endedAt: timestamp("ended_at", { withTimezone: true, precision: 3 }),
    declaredBy: text("declared_by").notNull(),
    declaredByName: text("declared_by_name").notNull(),
    auto: boolean("auto").notNull(),
    /** The critical finding that opened it automatically. */
    trigger: jsonb("trigger"),
    resolution: text("resolution"),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [index("incidents_started_at").on(t.startedAt)],
);

/** Timestamped notes operators add while an incident is open; each is audited with its text. */
export const incidentNotes = pgTable(
  "incident_notes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    incidentId: text("incident_id").notNull(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    authorId: text("author_id").notNull(),
    authorName: text("author_name").notNull(),
    text: text("text").notNull(),
  },
  (t) => [index("incident_notes_incident_at").on(t.incidentId, t.at, t.id)],
);

/** The per-account password limiter (0010): failures and the lock, keyed by "local:<username>". */
export const passwordLockouts = pgTable("password_lockouts", {
  account: text("account").primaryKey(),
  failures: integer("failures").notNull(),
  lastFailureAt: timestamp("last_failure_at", { withTimezone: true, precision: 3 }).notNull(),
  lockedUntil: timestamp("locked_until", { withTimezone: true, precision: 3 }),
});

/**
 * Server-side sessions (0010): the session JWT carries `sid`, and a request is signed in only
 * while this row is unrevoked and unexpired. A trigger ends an account's sessions when its roles
 * change or it is disabled.
 */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, precision: 3 }),
    /** A user id, or "system" (sign-out of one's own session is the user's id). */
    revokedBy: text("revoked_by"),
    reason: text("reason"),
  },
  (t) => [index("sessions_user_id").on(t.userId)],
);

/** The leader lease (0012): one row, the database's clock, a fencing token that only rises. */
export const leaderLease = pgTable("leader_lease", {
  name: text("name").primaryKey(),
  holder: text("holder").notNull(),
  holderRegion: text("holder_region"),
  token: bigint("token", { mode: "number" }).notNull(),
  acquiredAt: timestamp("acquired_at", { withTimezone: true, precision: 3 }).notNull(),
  renewedAt: timestamp("renewed_at", { withTimezone: true, precision: 3 }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true, precision: 3 }).notNull(),
});

/** Console replicas using this database (0012), as they last said they were alive. */
export const replicas = pgTable("replicas", {
  id: text("id").primaryKey(),
  region: text("region"),
  host: text("host"),
  startedAt: timestamp("started_at", { withTimezone: true, precision: 3 }).notNull(),
  seenAt: timestamp("seen_at", { withTimezone: true, precision: 3 }).notNull(),
  stoppedAt: timestamp("stopped_at", { withTimezone: true, precision: 3 }),
});

/** The notification outbox (0014): one row per audit record and destination; see server/notifications. */
export const notificationDeliveries = pgTable(
  "notification_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    auditSeq: bigint("audit_seq", { mode: "number" }).notNull(),
    destination: text("destination").notNull(),
    kind: text("kind").notNull(),
    event: jsonb("event").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastStatus: integer("last_status"),
    lastError: text("last_error"),
    eventAt: timestamp("event_at", { withTimezone: true, precision: 3 }).notNull(),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, precision: 3 }).notNull(),
    claimedAt: timestamp("claimed_at", { withTimezone: true, precision: 3 }),
    deliveredAt: timestamp("delivered_at", { withTimezone: true, precision: 3 }),
    createdAt: timestamp("created_at", { withTimezone: true, precision: 3 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true, precision: 3 }).notNull(),
  },
  (t) => [
    uniqueIndex("notification_deliveries_once").on(t.auditSeq, t.destination),
    index("notification_deliveries_due").on(t.status, t.nextAttemptAt),
    index("notification_deliveries_created").on(t.createdAt),
  ],
);

/** The failover plan's last evaluation and the claim of the one in progress (0015, issue 15 §7): one row. */
export const planChecks = pgTable("plan_checks", {
  id: text("id").primaryKey(),
  result: jsonb("result"),
  evaluatedAt: timestamp("evaluated_at", { withTimezone: true, precision: 3 }),
  runningId: text("running_id"),
  runningSince: timestamp("running_since", { withTimezone: true, precision: 3 }),
  runningBy: text("running_by"),
  requestedBy: text("requested_by"),
});
