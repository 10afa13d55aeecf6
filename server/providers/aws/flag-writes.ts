import "server-only";
import type { AppRoleView, AuthorityView } from "@/lib/snapshot";
import type { AwsConfig, StateLocation } from "@/server/config";
import { ProviderError, WriteRejectedError, type AuthorityWrite } from "@/server/providers/port";
import type { AwsClients } from "./clients";
import { deadline } from "./call";
import { parseAuthority } from "./flags";
import { ConditionFailed, type Precondition, type RecordWrite } from "./record-writes";
import { writeRecordText } from "./store-writes";
import { describeLocation, readRecord, type RecordService, type StoredRecord } from "./stores";

/**
 * The runbooks' writes of the authority flag and the app role, in the region each describes.
 *
 * Authority (invariant 4: epochs only go up): read the stored flag, refuse with StaleEpoch when its
 * epoch is higher than the one requested (equal is an idempotent retry), then write
 * `{ role, epoch, updatedAt, updatedBy }` on condition that the record is still what was read (see
 * store-writes.ts for each store's condition). A flag that does not exist yet is created, on
 * condition that it still does not. When the condition fails, what the store holds now decides
 * the answer: a higher epoch is StaleEpoch; anything else is ConditionalWriteConflict, which a
 * retry of the step resolves by reading again. A stored flag the console cannot parse is not
 * overwritten: its epoch is unknown, so the read's invalid_response is thrown.
 *
 * App role: written in the shape the store already holds — a bare word stays a bare word, a JSON
 * string a JSON string, a JSON object keeps its other fields — or, for a new record, the bare
 * word in SSM and `{ "role": … }` in S3 and DynamoDB. Last writer wins: the role is a switch with
 * no epoch to protect.
 */
export async function writeAuthority(
  clients: AwsClients,
  config: AwsConfig,
  regionId: string,
  record: AuthorityWrite,
  now: Date,
  signal: AbortSignal,
): Promise<AuthorityView> {
  if (!Number.isInteger(record.epoch) || record.epoch < 0) throw new Error(`epoch must be a non-negative integer, got ${record.epoch}`);
  const location = clients.region(regionId).authorityFlag;
  const where = describeLocation(location, regionId);
  const ms = config.monitor.callTimeoutMs;
  const current = await readIfPresent(clients, regionId, "authority", location, deadline(signal, ms));
  if (current) {
    const stored = parseAuthority(current.text, regionId, where);
    if (stored.epoch > record.epoch) throw staleEpoch(regionId, where, stored.epoch, record.epoch);
  }
  const view: AuthorityView = { role: record.role, epoch: record.epoch, updatedAt: now.toISOString(), updatedBy: record.updatedBy };
  const precondition: Precondition = current ? { kind: "unchanged", read: current } : { kind: "absent" };
  const write: RecordWrite = { text: JSON.stringify(view), contentType: "application/json", precondition, epoch: record.epoch };
  try {
    await writeRecordText(clients, regionId, "authority", location, write, signal, ms);
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    const epoch = err.current.epoch ?? epochOf(err.current.text, regionId, where);
    if (epoch !== null && epoch > record.epoch) throw staleEpoch(regionId, where, epoch, record.epoch, err);
    throw new WriteRejectedError("ConditionalWriteConflict", "authority", regionId, `${where}: ${err.problem}; retrying the step reads the flag again`, {
      cause: err,
    });
  }
  return view;
}

export async function writeAppRole(
  clients: AwsClients,
  config: AwsConfig,
  regionId: string,
  role: AppRoleView["role"],
  signal: AbortSignal,
): Promise<AppRoleView> {
  const location = clients.region(regionId).appRole;
  const ms = config.monitor.callTimeoutMs;
  const current = await readIfPresent(clients, regionId, "appRole", location, deadline(signal, ms));
  const { text, contentType } = formatAppRole(role, current?.text ?? null, location.store);
  const precondition: Precondition = current ? { kind: "none" } : { kind: "absent" };
  try {
    await writeRecordText(clients, regionId, "appRole", location, { text, contentType, precondition }, signal, ms);
  } catch (err) {
    if (!(err instanceof ConditionFailed)) throw err;
    const where = describeLocation(location, regionId);
    throw new WriteRejectedError("ConditionalWriteConflict", "appRole", regionId, `${where}: ${err.problem}`, { cause: err });
  }
  return { role };
}

/** The app role in the shape `current` has (see above); null = a new record. */
export function formatAppRole(
  role: AppRoleView["role"],
  current: string | null,
  store: StateLocation["store"],
): Pick<RecordWrite, "text" | "contentType"> {
  const json = (value: unknown) => ({ text: JSON.stringify(value), contentType: "application/json" as const });
  const word = { text: role, contentType: "text/plain" as const };
  if (current === null) return store === "ssm" ? word : json({ role });
  const trimmed = current.trim();
  if (trimmed.startsWith("{")) {
    const value = jsonOrUndefined(trimmed);
    return json(typeof value === "object" && value !== null && !Array.isArray(value) ? { ...value, role } : { role });
  }
  return trimmed.startsWith('"') ? json(role) : word;
}

function jsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    // A malformed app role is replaced by a well-formed one; nothing in it could be kept.
    if (err instanceof SyntaxError) return undefined;
    throw err;
  }
}

/** The record, or null when the store says it does not exist (it will be created). */
async function readIfPresent(
  clients: AwsClients,
  regionId: string,
  service: RecordService,
  location: StateLocation,
  signal: AbortSignal,
): Promise<StoredRecord | null> {
  try {
    return await readRecord(clients, regionId, service, location, signal);
  } catch (err) {
    if (err instanceof ProviderError && err.kind === "not_found") return null;
    throw err;
  }
}

function epochOf(text: string | null, regionId: string, where: string): number | null {
  if (text === null) return null;
  try {
    return parseAuthority(text, regionId, where).epoch;
  } catch (err) {
    // What another writer left is not a flag: its epoch is unknown, and the retry's read will say so.
    if (err instanceof ProviderError) return null;
    throw err;
  }
}

function staleEpoch(regionId: string, where: string, stored: number, requested: number, cause?: unknown): WriteRejectedError {
  return new WriteRejectedError(
    "StaleEpoch",
    "authority",
    regionId,
    `${where} holds epoch ${stored}, higher than the requested ${requested}: the console never lowers an epoch`,
    cause === undefined ? undefined : { cause },
  );
}
