import "server-only";
import { GetRoutingControlStateCommand, type Route53RecoveryClusterClient } from "@aws-sdk/client-route53-recovery-cluster";
import { ListSafetyRulesCommand } from "@aws-sdk/client-route53-recovery-control-config";
import { z } from "zod";
import type { AwsRegionConfig } from "@/server/config";
import { withArcEndpoint } from "@/server/providers/aws";
import { call } from "@/server/providers/aws/call";
import type { CallContext } from "@/server/providers/aws/errors";
import { ARC_CONTROL_CONFIG_HOME } from "@/server/providers/aws/partitions";
import { arcEndpoints } from "@/server/providers/aws/routing";
import { controlPanels } from "@/server/providers/aws/safety-rules";
import { partitionOf } from "./arns";
import type { CheckDeps } from "./check-deps";
import { CheckFailure, type Check } from "./run-checks";

/**
 * ARC: each routing control through the endpoint rotation (as the monitor reads it), then each
 * cluster endpoint on its own — the rotation hides a dead or mistyped endpoint until the day the
 * others are down, which is exactly when it is needed — and the safety rules, with this
 * region's credentials (the provider falls back to them when the other region's fail).
 */
const State = z.object({ RoutingControlState: z.enum(["On", "Off"]) });
const GET = ["route53-recovery-cluster:GetRoutingControlState"];

async function getState(client: Route53RecoveryClusterClient, arn: string, ctx: CallContext, signal: AbortSignal): Promise<"On" | "Off"> {
  const output = await call(signal, ctx, (abortSignal) => client.send(new GetRoutingControlStateCommand({ RoutingControlArn: arn }), { abortSignal }));
  const parsed = State.safeParse(output);
  if (!parsed.success) throw new CheckFailure("invalid_response", `${ctx.what}: the answer has no RoutingControlState On or Off`);
  return parsed.data.RoutingControlState;
}

export function routingChecks(deps: CheckDeps, region: AwsRegionConfig): Check[] {
  const { config, clients } = deps;
  const timeoutMs = config.monitor.callTimeoutMs;
  const controls = region.routingControls.map(
    (rc): Check => ({
      service: "arc",
      name: `routing control ${rc.name}`,
      timeoutMs,
      actions: GET,
      async run(signal) {
        const { state, via } = await withArcEndpoint(clients, config, region.id, signal, deps.random, async (client, endpoint, s) => ({
          state: await getState(client, rc.arn, { service: "arc", region: region.id, what: `ARC GetRoutingControlState ${rc.arn} via ${endpoint.region}` }, s),
          via: endpoint.region,
        }));
        return `${state} (answered by the ${via} endpoint)`;
      },
    }),
  );
  const panel = config.routing.controlPanelArn;
  const list: Check[] = panel
    ? [
        {
          service: "arc",
          name: "routing controls (ListRoutingControls)",
          timeoutMs,
          actions: ["route53-recovery-cluster:ListRoutingControls"],
          async run(signal) {
            const views = await deps.provider.readRoutingControls(region.id, signal);
            return `as the monitor reads them: ${views.map((v) => `${v.name} ${v.state}`).join(", ")}`;
          },
        },
      ]
    : [];
  const first = region.routingControls[0];
  const endpoints = first
    ? arcEndpoints(clients, config, region.id).map(
        (endpoint): Check => ({
          service: "arc",
          name: `ARC endpoint ${endpoint.region}`,
          timeoutMs,
          actions: GET,
          async run(signal) {
            const ctx: CallContext = { service: "arc", region: region.id, what: `ARC GetRoutingControlState via ${endpoint.url}` };
            const state = await getState(clients.arc(region.id, endpoint), first.arn, ctx, signal);
            return `${endpoint.url} answers: ${first.name} is ${state}`;
          },
        }),
      )
    : [];
  return [...controls, ...list, ...endpoints, ...safetyRuleChecks(deps, region)];
}

function safetyRuleChecks(deps: CheckDeps, region: AwsRegionConfig): Check[] {
  const home = ARC_CONTROL_CONFIG_HOME[region.partition];
  return controlPanels(deps.config)
    .filter((panel) => partitionOf(panel) === region.partition)
    .map(
      (panel): Check => ({
        service: "arc-config",
        name: `safety rules of control panel ${panel.split("/").at(-1) ?? panel}`,
        timeoutMs: deps.config.monitor.callTimeoutMs,
        actions: ["route53-recovery-control-config:ListSafetyRules"],
        async run(signal) {
          const ctx: CallContext = { service: "arc", region: region.id, what: `ARC ListSafetyRules ${panel} in ${home}` };
          const client = deps.clients.controlConfig(region.id);
          // One page is enough to prove the panel is there and readable.
          const output: unknown = await call(signal, ctx, (abortSignal) =>
            client.send(new ListSafetyRulesCommand({ ControlPanelArn: panel, MaxResults: 100 }), { abortSignal }),
          );
          const parsed = z.object({ SafetyRules: z.array(z.unknown()).default([]), NextToken: z.string().optional() }).safeParse(output);
          if (!parsed.success) throw new CheckFailure("invalid_response", `${ctx.what}: the answer has no SafetyRules list`);
          const n = parsed.data.SafetyRules.length;
          return `${n}${parsed.data.NextToken ? "+" : ""} safety rule${n === 1 ? "" : "s"} (control-config API in ${home})`;
        },
      }),
    );
}
