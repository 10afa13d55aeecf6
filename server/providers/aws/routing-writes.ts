import "server-only";
import { UpdateRoutingControlStatesCommand } from "@aws-sdk/client-route53-recovery-cluster";
import type { AwsConfig } from "@/server/config";
import { ProviderError, WriteRejectedError, type RoutingUpdate, type RoutingUpdateOptions } from "@/server/providers/port";
import type { AwsClients } from "./clients";
import { toProviderError, type CallContext } from "./errors";
import { withArcEndpoint, type ArcBackoff } from "./routing";
import { writeCall } from "./write-errors";

/**
 * ARC UpdateRoutingControlStates: every update in ONE call, so ARC evaluates the safety rules
 * against the combined result (turning the new region On and the old Off together can pass an
 * "at least one On" rule that either change alone might not).
 *
 * Endpoints: the same rotation as the reads (`withArcEndpoint`): shuffled cluster endpoints, each
 * attempt with its own monitor.callTimeoutMs inside the caller's signal (the step's budget),
 * moving on after EndpointTemporarilyUnavailableException, a timeout, throttling, a 5xx or a
 * network error. A ThrottlingException that says how long to wait (retryAfterSeconds) ends the
 * write at once as "throttled" with retryAfterMs, with no other endpoint or credential set tried:
 * the runbook backs off for that long, and the provider sends nothing to ARC before then.
 * Setting a control to a state is idempotent, so sending the same update to a second endpoint
 * after the first timed out is safe, which is AWS's own advice. A ConflictException (the change
 * would break a safety rule), a ValidationException or a ResourceNotFoundException is the
 * cluster's answer on every endpoint: a WriteRejectedError at once, never retried elsewhere.
 *
 * Credentials: each attempt signs like the reads, with one console region's credentials (and
 * its `endpoints.route53RecoveryCluster` override). Which region: first the regions whose
 * controls are being turned On — in a failover that is the target, the side expected to be
 * up — then the other regions whose controls change, then the rest, skipping regions outside the
 * ARC cluster's partition. When every endpoint fails with one region's credentials (its STS may be
 * in the region that is down, or its role may lack the grant) the next region's are tried, within
 * the caller's signal. The `runbook` IAM policy grants each region's credentials both regions'
 * controls for exactly this reason.
 */
export async function updateRoutingControls(
  clients: AwsClients,
  config: AwsConfig,
  updates: readonly RoutingUpdate[],
  signal: AbortSignal,
  random: () => number,
  options: RoutingUpdateOptions = {},
  backoff?: ArcBackoff,
): Promise<void> {
  if (updates.length === 0) return;
  const overrides = options.safetyRulesToOverride?.length ? { SafetyRulesToOverride: [...options.safetyRulesToOverride] } : {};
  const entries = updates.map((u) => ({ RoutingControlArn: u.arn, RoutingControlState: u.state }));
  const summary = updates.map((u) => `${controlName(config, u.arn)} ${u.state}`).join(", ");
  const failures: ProviderError[] = [];
  for (const regionId of credentialOrder(config, updates)) {
    try {
      await withArcEndpoint(clients, config, regionId, signal, random, async (client, endpoint, attemptSignal) => {
        const ctx: CallContext = {
          service: "arc",
          region: regionId,
          what: `ARC UpdateRoutingControlStates (${summary}) via ${endpoint.region} with ${regionId}'s credentials`,
        };
        await writeCall(attemptSignal, ctx, (abortSignal) =>
          client.send(new UpdateRoutingControlStatesCommand({ UpdateRoutingControlStateEntries: entries, ...overrides }), { abortSignal }),
        );
      }, { attemptMs: config.monitor.callTimeoutMs, ...(backoff ? { backoff } : {}) });
      return;
    } catch (err) {
      if (err instanceof WriteRejectedError) throw err;
      const error = toProviderError(err, { service: "arc", region: regionId, what: `ARC UpdateRoutingControlStates (${summary})` });
      // The caller's own deadline ends the attempt; nothing more may be sent after it. ARC's
      // "retry after" is for the account: other credentials would only be throttled too.
      if (signal.aborted || (error.kind === "throttled" && error.retryAfterMs !== null)) throw error;
      failures.push(new ProviderError(error.kind, "arc", regionId, `with ${regionId}'s credentials: ${error.message}`, { cause: error }));
    }
  }
  const last = failures.at(-1);
  throw new ProviderError(last?.kind ?? "unavailable", "arc", last?.region ?? "", `ARC UpdateRoutingControlStates (${summary}) failed: ${failures.map((f) => f.message).join("; ")}`, {
    cause: last,
  });
}

function owner(config: AwsConfig, arn: string): string | undefined {
  return config.regions.find((r) => r.routingControls.some((c) => c.arn === arn))?.id;
}

function controlName(config: AwsConfig, arn: string): string {
  return config.regions.flatMap((r) => r.routingControls).find((c) => c.arn === arn)?.name ?? arn;
}

/** The console regions whose credentials to try, in order (see above). */
export function credentialOrder(config: AwsConfig, updates: readonly RoutingUpdate[]): string[] {
  const turnedOn = updates.filter((u) => u.state === "On").map((u) => owner(config, u.arn));
  const changed = updates.map((u) => owner(config, u.arn));
  const all = config.regions.map((r) => r.id);
  const ordered = [...new Set([...turnedOn, ...changed, ...all].filter((id): id is string => id !== undefined))];
  // IAM in one partition cannot sign for another's ARC cluster.
  const partition = config.routing.clusterArn.split(":")[1];
  const inPartition = ordered.filter((id) => config.regions.find((r) => r.id === id)?.partition === partition);
  return inPartition.length > 0 ? inPartition : ordered;
}
