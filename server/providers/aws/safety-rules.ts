import "server-only";
import { ListSafetyRulesCommand } from "@aws-sdk/client-route53-recovery-control-config";
import { z } from "zod";
import type { AwsConfig } from "@/server/config";
import type { Clock } from "@/server/clock";
import { ProviderError } from "@/server/providers/port";
import type { AwsClients } from "./clients";
import { call, deadline } from "./call";
import { invalidResponse, toProviderError, type CallContext } from "./errors";
import { ARC_CONTROL_CONFIG_HOME } from "./partitions";

/**
 * ARC safety rules, from the control-config API (ListSafetyRules), which lives in one region
 * per partition (us-west-2 for aws), unlike the five-endpoint data plane.
 *
 * - assertion rule: the asserted controls must satisfy the rule (ATLEAST n On, AND, OR) after
 *   any change — the "at least one region On" guard;
 * - gating rule: the target controls may only change while the gating controls satisfy it.
 * `inverted` negates the rule. Rules change rarely, so they are cached for
 * routing.safetyRules.cacheSeconds; a failed read is never cached.
 *
 * The control panels are the configured `routing.controlPanelArn`, or else the panels named in
 * the regions' routing control ARNs. The call is made with the first region's credentials and,
 * if that fails (its STS may be in the region that is down), with the second region's.
 */
const RuleConfig = z.object({ Type: z.enum(["ATLEAST", "AND", "OR"]), Threshold: z.number().int(), Inverted: z.boolean() });
const ApiRuleCommon = z.object({
  SafetyRuleArn: z.string(),
  Name: z.string(),
  ControlPanelArn: z.string(),
  Status: z.string(),
  RuleConfig,
  WaitPeriodMs: z.number(),
});
const ApiRule = z.object({
  ASSERTION: ApiRuleCommon.extend({ AssertedControls: z.array(z.string()) }).optional(),
  GATING: ApiRuleCommon.extend({ GatingControls: z.array(z.string()), TargetControls: z.array(z.string()) }).optional(),
});
const ListSafetyRulesOutput = z.object({ SafetyRules: z.array(ApiRule).default([]), NextToken: z.string().optional() });

const RuleFields = {
  arn: z.string(),
  name: z.string(),
  controlPanelArn: z.string(),
  status: z.string(),
  rule: z.object({ type: z.enum(["ATLEAST", "AND", "OR"]), threshold: z.number().int(), inverted: z.boolean() }),
  waitPeriodMs: z.number(),
};
export const SafetyRule = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("assertion"), ...RuleFields, assertedControls: z.array(z.string()) }),
  z.object({ kind: z.literal("gating"), ...RuleFields, gatingControls: z.array(z.string()), targetControls: z.array(z.string()) }),
]);
export type SafetyRule = z.infer<typeof SafetyRule>;

const MAX_PAGES = 20;

/** The control panels to read: configured, or derived from the routing control ARNs (…:controlpanel/<id>/routingcontrol/<id>). */
export function controlPanels(config: AwsConfig): string[] {
  if (config.routing.controlPanelArn) return [config.routing.controlPanelArn];
  const panels = config.regions.flatMap((r) => r.routingControls.map((c) => c.arn.slice(0, c.arn.indexOf("/routingcontrol/"))));
  return [...new Set(panels)];
}

export function safetyRulesReader(clients: AwsClients, config: AwsConfig, clock: Clock): (signal: AbortSignal) => Promise<SafetyRule[]> {
  let cached: { at: number; rules: SafetyRule[] } | undefined;
  const ttlMs = config.routing.safetyRules.cacheSeconds * 1000;
  return async (signal) => {
    const now = clock.now().getTime();
    if (cached && now - cached.at < ttlMs) return cached.rules;
    const rules = await readWithFallback(clients, config, signal);
    cached = { at: now, rules };
    return rules;
  };
}

async function readWithFallback(clients: AwsClients, config: AwsConfig, signal: AbortSignal): Promise<SafetyRule[]> {
  const errors: ProviderError[] = [];
  for (const region of config.regions) {
    try {
      const rules = await Promise.all(controlPanels(config).map((panel) => listRules(clients, config, region.id, panel, signal)));
      return rules.flat();
    } catch (err) {
      const error = toProviderError(err, { service: "arc", region: region.id, what: "ARC ListSafetyRules" });
      if (signal.aborted || error.kind === "not_found" || error.kind === "invalid_response") throw error;
      errors.push(error);
    }
  }
  const last = errors.at(-1);
  throw new ProviderError(last?.kind ?? "unavailable", "arc", last?.region ?? "", errors.map((e) => e.message).join("; "), { cause: last });
}

function base(x: z.infer<typeof ApiRuleCommon>) {
  const { Type: type, Threshold: threshold, Inverted: inverted } = x.RuleConfig;
  return { arn: x.SafetyRuleArn, name: x.Name, controlPanelArn: x.ControlPanelArn, status: x.Status, rule: { type, threshold, inverted }, waitPeriodMs: x.WaitPeriodMs };
}

async function listRules(clients: AwsClients, config: AwsConfig, regionId: string, panel: string, signal: AbortSignal): Promise<SafetyRule[]> {
  const at = ARC_CONTROL_CONFIG_HOME[clients.region(regionId).partition];
  const ctx: CallContext = { service: "arc", region: regionId, what: `ARC ListSafetyRules ${panel} in ${at} (credentials of ${regionId})` };
  const client = clients.controlConfig(regionId);
  const rules: SafetyRule[] = [];
  let token: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const input = { ControlPanelArn: panel, NextToken: token, MaxResults: 100 };
    const output = await call(deadline(signal, config.monitor.callTimeoutMs), ctx, (abortSignal) =>
      client.send(new ListSafetyRulesCommand(input), { abortSignal }),
    );
    const parsed = ListSafetyRulesOutput.safeParse(output);
    if (!parsed.success) throw invalidResponse(ctx, `unexpected response (${z.prettifyError(parsed.error).replaceAll("\n", " ")})`);
    for (const r of parsed.data.SafetyRules) {
      if (r.ASSERTION) rules.push({ kind: "assertion", ...base(r.ASSERTION), assertedControls: r.ASSERTION.AssertedControls });
      else if (r.GATING) rules.push({ kind: "gating", ...base(r.GATING), gatingControls: r.GATING.GatingControls, targetControls: r.GATING.TargetControls });
      // A rule of a kind this console does not know could block a change it cannot predict.
      else throw invalidResponse(ctx, "a safety rule is neither ASSERTION nor GATING");
    }
    token = parsed.data.NextToken;
    if (!token) return rules;
  }
  throw invalidResponse(ctx, `more than ${MAX_PAGES} pages of safety rules`);
}
