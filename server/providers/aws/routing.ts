import "server-only";
import {
  GetRoutingControlStateCommand,
  ListRoutingControlsCommand,
  type Route53RecoveryClusterClient,
} from "@aws-sdk/client-route53-recovery-cluster";
import { z } from "zod";
import type { RoutingControlView } from "@/lib/snapshot";
import type { Clock } from "@/server/clock";
import type { AwsConfig, RoutingControlConfig } from "@/server/config";
import { ProviderError, WriteRejectedError, type ProviderErrorKind } from "@/server/providers/port";
import type { ArcEndpoint, AwsClients } from "./clients";
import { call, deadline } from "./call";
import { describeError, invalidResponse, toProviderError, type CallContext } from "./errors";

/**
 * ARC routing controls through the cluster's data plane.
 *
 * An ARC cluster answers on five regional endpoints, and AWS's guidance is to treat them as
 * interchangeable: try one, and on EndpointTemporarilyUnavailableException, a timeout,
 * throttling or a network error, try the next. The order is shuffled per read (with the injected
 * `random`) so load spreads and no single region — us-east-1 included — is always tried first.
 * Access denied, not found and validation errors are the same on every endpoint and are thrown
 * at once, as is a write's WriteRejectedError (see routing-writes.ts).
 *
 * Timeouts: each attempt has its OWN deadline inside the caller's budget, so a hung endpoint
 * costs one attempt's deadline and the next endpoint still gets a full one. A write gives every
 * attempt monitor.callTimeoutMs within the runbook step's signal. A read must fit the poller's one
 * call timeout, so it gives each attempt half of it (at least 200 ms): a hung endpoint leaves
 * time for another, and the next poll shuffles again.
 *
 * Throttling: the data plane's ThrottlingException carries `retryAfterSeconds` (the Retry-After
 * header; "Route 53 ARC API reference: ThrottlingException"). Throttling is ARC's answer for the
 * account, not one endpoint's trouble, so when ARC says how long to wait the rotation stops there:
 * no other endpoint or credential set is tried, the error carries `retryAfterMs` for the runbook
 * to back off, and `ArcBackoff` refuses further calls from this provider (reads too) until the
 * time is up. Throttling without a Retry-After still moves to the next endpoint.
 *
 * A region's `endpoints.route53RecoveryCluster` override (e.g. a VPC endpoint) replaces the URL
 * of the cluster endpoint in that region, or is added as one if the cluster list has none there.
 */
const ROTATE_ON: readonly ProviderErrorKind[] = ["timeout", "throttled", "unavailable"];
const MIN_ATTEMPT_MS = 200;
const MAX_PAGES = 20;

export function arcEndpoints(clients: AwsClients, config: AwsConfig, regionId: string): ArcEndpoint[] {
  const endpoints: ArcEndpoint[] = config.routing.clusterEndpoints.map((e) => ({ region: e.region, url: e.url }));
  const override = clients.region(regionId).endpoints?.route53RecoveryCluster;
  if (!override) return endpoints;
  const local = endpoints.find((e) => e.region === regionId);
  if (local) local.url = override;
  else endpoints.push({ region: regionId, url: override });
  return endpoints;
}

/** Fisher–Yates on a copy. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const a = out[i];
    const b = out[j];
    if (a === undefined || b === undefined) continue;
    out[i] = b;
    out[j] = a;
  }
  return out;
}

/** How long ARC asked this provider not to call it (ThrottlingException retryAfterSeconds); shared by reads and writes. */
export class ArcBackoff {
  private until = 0;
  constructor(private readonly clock: Clock) {}

  /** Throws "throttled", with the time left, while ARC's requested wait lasts: nothing is sent. */
  check(regionId: string): void {
    const left = this.until - this.clock.now().getTime();
    if (left <= 0) return;
    throw new ProviderError("throttled", "arc", regionId, `ARC asked for ${Math.ceil(left / 1000)} s more before the next call (ThrottlingException retryAfterSeconds): not called`, {
      retryAfterMs: left,
    });
  }

  note(error: ProviderError): void {
    if (error.kind !== "throttled" || error.retryAfterMs === null) return;
    this.until = Math.max(this.until, this.clock.now().getTime() + error.retryAfterMs);
  }
}

export interface ArcRotation {
  /** Each endpoint attempt's own deadline. */
  attemptMs: number;
  /** A cap on the whole rotation on top of the caller's signal (the reads' one call timeout); none for writes. */
  budgetMs?: number;
  backoff?: ArcBackoff;
}

/** The reads' rotation: the whole read within monitor.callTimeoutMs, each attempt half of it. */
export function readRotation(config: AwsConfig, backoff?: ArcBackoff): ArcRotation {
  const ms = config.monitor.callTimeoutMs;
  return { attemptMs: Math.max(MIN_ATTEMPT_MS, ms / 2), budgetMs: ms, ...(backoff ? { backoff } : {}) };
}

/** Runs `attempt` against the endpoints in shuffled order until one answers; the runbooks reuse it for updates. */
export async function withArcEndpoint<T>(
  clients: AwsClients,
  config: AwsConfig,
  regionId: string,
  signal: AbortSignal,
  random: () => number,
  attempt: (client: Route53RecoveryClusterClient, endpoint: ArcEndpoint, signal: AbortSignal) => Promise<T>,
  rotation: ArcRotation = readRotation(config),
): Promise<T> {
  const order = shuffle(arcEndpoints(clients, config, regionId), random);
  const overall = rotation.budgetMs === undefined ? signal : deadline(signal, rotation.budgetMs);
  const failures: string[] = [];
  for (const endpoint of order) {
    if (overall.aborted) break;
    rotation.backoff?.check(regionId);
    try {
      return await attempt(clients.arc(regionId, endpoint), endpoint, deadline(overall, rotation.attemptMs));
    } catch (err) {
      // A refusal (ConflictException from a safety rule…) is the cluster's answer, the same on every endpoint.
      if (err instanceof WriteRejectedError) throw err;
      const error = toProviderError(err, { service: "arc", region: regionId, what: `ARC endpoint ${endpoint.region}` });
      if (error.kind === "throttled" && error.retryAfterMs !== null) {
        rotation.backoff?.note(error);
        throw error;
      }
      if (!ROTATE_ON.includes(error.kind)) throw error;
      failures.push(`${endpoint.region} (${endpoint.url}): ${describeError(error.cause ?? error)}`);
    }
  }
  const tried = failures.length > 0 ? failures.join("; ") : "none tried";
  if (overall.aborted) {
    throw new ProviderError("timeout", "arc", regionId, `ARC cluster endpoints did not answer before the deadline (${tried})`);
  }
  throw new ProviderError("unavailable", "arc", regionId, `all ${order.length} ARC cluster endpoints failed: ${tried}`);
}

const State = z.enum(["On", "Off"]);
const GetRoutingControlStateOutput = z.object({ RoutingControlArn: z.string(), RoutingControlState: State });
const ListRoutingControlsOutput = z.object({
  RoutingControls: z.array(z.object({ RoutingControlArn: z.string(), RoutingControlState: State })),
  NextToken: z.string().optional(),
});

export async function readRoutingControls(
  clients: AwsClients,
  config: AwsConfig,
  regionId: string,
  signal: AbortSignal,
  random: () => number,
  backoff?: ArcBackoff,
): Promise<RoutingControlView[]> {
  const controls = clients.region(regionId).routingControls;
  const panel = config.routing.controlPanelArn;
  return withArcEndpoint(clients, config, regionId, signal, random, async (client, endpoint, attemptSignal) => {
    const ctx: CallContext = { service: "arc", region: regionId, what: `ARC ${panel ? "ListRoutingControls" : "GetRoutingControlState"} via ${endpoint.region}` };
    const states = panel
      ? await listStates(client, panel, ctx, attemptSignal)
      : new Map(await Promise.all(controls.map((c) => getState(client, c, ctx, attemptSignal))));
    return controls.map((c) => {
      const state = states.get(c.arn);
      if (state === undefined) {
        throw new ProviderError("not_found", "arc", regionId, `${ctx.what}: routing control ${c.name} (${c.arn}) is not in control panel ${panel}`);
      }
      return { arn: c.arn, name: c.name, state };
    });
  }, readRotation(config, backoff));
}

async function getState(client: Route53RecoveryClusterClient, control: RoutingControlConfig, ctx: CallContext, signal: AbortSignal) {
  const output = await call(signal, ctx, (abortSignal) =>
    client.send(new GetRoutingControlStateCommand({ RoutingControlArn: control.arn }), { abortSignal }),
  );
  const parsed = GetRoutingControlStateOutput.safeParse(output);
  if (!parsed.success) throw invalidResponse(ctx, `unexpected response for ${control.arn} (${z.prettifyError(parsed.error).replaceAll("\n", " ")})`);
  return [control.arn, parsed.data.RoutingControlState] as const;
}

/** One ListRoutingControls (all pages) instead of one call per control, when the control panel is known. */
async function listStates(client: Route53RecoveryClusterClient, panel: string, ctx: CallContext, signal: AbortSignal) {
  const states = new Map<string, "On" | "Off">();
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const input = { ControlPanelArn: panel, NextToken: token };
    const output = await call(signal, ctx, (abortSignal) => client.send(new ListRoutingControlsCommand(input), { abortSignal }));
    const parsed = ListRoutingControlsOutput.safeParse(output);
    if (!parsed.success) throw invalidResponse(ctx, `unexpected response (${z.prettifyError(parsed.error).replaceAll("\n", " ")})`);
    for (const rc of parsed.data.RoutingControls) states.set(rc.RoutingControlArn, rc.RoutingControlState);
    token = parsed.data.NextToken;
    if (!token) return states;
  }
  throw invalidResponse(ctx, `more than ${MAX_PAGES} pages of routing controls`);
}
