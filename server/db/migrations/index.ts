import { init } from "./0001_init";
import { monitor } from "./0002_monitor";
import { auditChain } from "./0003_audit_chain";
import { proposals } from "./0004_proposals";
import { runs } from "./0005_runs";
import { incidents } from "./0006_incidents";
import { restoreWrites } from "./0007_restore_writes";
import { persons } from "./0008_persons";
import { auditSeal } from "./0009_audit_seal";
import { authGuards } from "./0010_auth_guards";
import { resumeApprovals } from "./0011_resume_approvals";
import { leadership } from "./0012_leadership";
import { liveChanges } from "./0013_live_changes";
import { notifications } from "./0014_notifications";
import { planChecks } from "./0015_plan_checks";
import type { Migration } from "./types";

/** Every migration, in order. Add new ones at the end; never edit a released one (its checksum is checked). */
export const MIGRATIONS: readonly Migration[] = [init, monitor, auditChain, proposals, runs, incidents, restoreWrites, persons, auditSeal, authGuards, resumeApprovals, leadership, liveChanges, notifications, planChecks];
