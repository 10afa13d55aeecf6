import "server-only";
import { z } from "zod";
import { AppRoleView, AuthorityView } from "@/lib/snapshot";
import type { AwsConfig } from "@/server/config";
import { ProviderError } from "@/server/providers/port";
import type { AwsClients } from "./clients";
import { deadline } from "./call";
import { describeLocation, readRecordText, type RecordService } from "./stores";

/**
 * The authority flag and the app role, each read from its configured store in the region it
 * describes (see stores.ts for the stores).
 *
 * Authority flag text: JSON
 *   { "role": "primary" | "fenced" | "standby", "epoch": 7, "updatedAt": "2026-01-01T00:00:00Z", "updatedBy": "alice" }
 * `updatedAt` and `updatedBy` may be absent (→ null); other fields are ignored.
 *
 * App role text: JSON `{ "role": "active" | "passive" }`, or the bare word `active` / `passive`
 * (what a CLUSTER_ROLE switch usually holds; surrounding whitespace and a JSON string `"active"`
 * are accepted too).
 *
 * Anything else is "invalid_response", naming the store, the location and the problem: a flag the
 * console cannot read must never be guessed at.
 */
const StoredAuthority = AuthorityView.extend({
  updatedAt: AuthorityView.shape.updatedAt.optional().transform((v) => v ?? null),
  updatedBy: AuthorityView.shape.updatedBy.optional().transform((v) => v ?? null),
});

export async function readAuthority(clients: AwsClients, config: AwsConfig, regionId: string, signal: AbortSignal): Promise<AuthorityView> {
  const location = clients.region(regionId).authorityFlag;
  const text = await readRecordText(clients, regionId, "authority", location, deadline(signal, config.monitor.callTimeoutMs));
  return parseAuthority(text, regionId, describeLocation(location, regionId));
}

/** The authority flag's text as stored at `where`; invalid_response when it is not a flag. */
export function parseAuthority(text: string, regionId: string, where: string): AuthorityView {
  const parsed = StoredAuthority.safeParse(parseJson(text, "authority", regionId, where));
  if (!parsed.success) throw malformed("authority", regionId, where, z.prettifyError(parsed.error).replaceAll("\n", " "));
  return parsed.data;
}

export async function readAppRole(clients: AwsClients, config: AwsConfig, regionId: string, signal: AbortSignal): Promise<AppRoleView> {
  const location = clients.region(regionId).appRole;
  const text = (await readRecordText(clients, regionId, "appRole", location, deadline(signal, config.monitor.callTimeoutMs))).trim();
  const where = describeLocation(location, regionId);
  const value: unknown = text.startsWith("{") || text.startsWith('"') ? parseJson(text, "appRole", regionId, where) : text;
  const parsed = AppRoleView.safeParse(typeof value === "string" ? { role: value } : value);
  if (!parsed.success) {
    throw malformed("appRole", regionId, where, `expected "active", "passive" or { "role": "active" | "passive" }, got ${preview(text)}`);
  }
  return parsed.data;
}

function parseJson(text: string, service: RecordService, regionId: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw malformed(service, regionId, where, `not JSON (${err instanceof Error ? err.message : String(err)}): ${preview(text)}`);
  }
}

function malformed(service: RecordService, regionId: string, where: string, problem: string): ProviderError {
  const what = service === "authority" ? "authority flag" : "app role";
  return new ProviderError("invalid_response", service, regionId, `${what} at ${where} is malformed: ${problem}`);
}

function preview(text: string): string {
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 80)}…` : text);
}
