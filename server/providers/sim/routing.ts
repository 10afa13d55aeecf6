import type { RoutingControlView } from "@/lib/snapshot";
import type { SafetyRuleView } from "@/server/providers/port";
import { type WorldCore } from "./core";
import { WriteRejectedError } from "./errors";
import type { SafetyRule } from "./topology";

/**
 * Route 53 ARC routing controls and the safety rules of their control panel. The states live in
 * the ARC cluster, whose data plane has five regional endpoints, so reads keep answering when one
 * of the application's regions is dark or its control plane is out.
 *
 * Safety rules follow the ARC Developer Guide ("Safety rules for routing controls") and the
 * data-plane API reference (UpdateRoutingControlStates):
 * - an assertion rule must hold for the asserted controls AFTER the change (ATLEAST threshold, AND
 *   = all On, OR = at least one On; `inverted` negates it);
 * - a gating rule lets its target controls change only while its gating controls satisfy it;
 * - WaitPeriodMs: "an evaluation period during which any request against the target routing
 *   controls will fail" — after a change to a control a rule covers, every request touching that
 *   rule's controls fails with ConflictException ("There was a conflict with this request. Try
 *   again.") until the wait period has passed;
 * - one UpdateRoutingControlStates call is judged as a whole (all its entries applied, or none);
 * - SafetyRulesToOverride names rules (by ARN) that ARC skips for this call ("break glass").
 *
 * The sim keeps no rule of its own: "at least one region On" holds here only when a configured
 * rule says so (the default config has one). Holding invariant 5 is the console's job.
 */

export function routingControlsOf(core: WorldCore, region: string): RoutingControlView[] {
  return [...core.state.routing.entries()]
    .filter(([, control]) => control.region === region)
    .map(([arn, control]) => ({ arn, name: control.name, state: control.state }));
}

/** The region a control belongs to, or a ResourceNotFoundException as ARC would return. */
export function regionOfControl(core: WorldCore, arn: string): string {
  const control = core.state.routing.get(arn);
  if (control === undefined) throw new WriteRejectedError("ResourceNotFoundException", "arc", null, `no routing control ${arn}`);
  return control.region;
}

/** What ListSafetyRules would say, in the port's terms. */
export function safetyRuleViews(core: WorldCore): SafetyRuleView[] {
  return core.topology.safetyRules.map((rule) => ({ arn: rule.arn, name: rule.name, kind: rule.kind, waitPeriodMs: rule.waitPeriodMs, controls: [...governing(rule), ...covered(rule)].filter(unique) }));
}

/** The controls whose change a rule judges (and whose requests its wait period blocks). */
function covered(rule: SafetyRule): string[] {
  return rule.kind === "assertion" ? rule.assertedControls : rule.targetControls;
}

/** The controls whose states decide whether the rule is satisfied. */
function governing(rule: SafetyRule): string[] {
  return rule.kind === "assertion" ? rule.assertedControls : rule.gatingControls;
}

function unique<T>(value: T, index: number, all: T[]): boolean {
  return all.indexOf(value) === index;
}

export function satisfied(rule: SafetyRule, states: ReadonlyMap<string, "On" | "Off">): boolean {
  const controls = governing(rule);
  const on = controls.filter((arn) => states.get(arn) === "On").length;
  const holds = rule.type === "AND" ? on === controls.length : rule.type === "OR" ? on >= 1 : on >= rule.threshold;
  return rule.inverted ? !holds : holds;
}

function describeRule(rule: SafetyRule): string {
  const what = rule.type === "ATLEAST" ? `at least ${rule.threshold} of ${governing(rule).length} controls On` : rule.type === "AND" ? "all controls On" : "at least one control On";
  return `${rule.kind} rule "${rule.name}" (${rule.inverted ? "not " : ""}${what})`;
}

/** UpdateRoutingControlStates at world time `t`: every entry applies, or none (ConflictException naming the rule). */
export function setControlStates(
  core: WorldCore,
  updates: readonly { arn: string; state: "On" | "Off" }[],
  t: number,
  overrides: readonly string[] = [],
): void {
  const { state, topology } = core;
  for (const update of updates) regionOfControl(core, update.arn);
  const touched = new Set(updates.map((u) => u.arn));
  const rules = topology.safetyRules.filter((rule) => !overrides.includes(rule.arn));
  const conflict = (message: string) => new WriteRejectedError("ConflictException", "arc", null, `There was a conflict with this request. Try again. (${message})`);

  for (const rule of rules) {
    const since = state.ruleChangedAt.get(rule.arn);
    const left = since === undefined ? 0 : since + rule.waitPeriodMs - t;
    if (left > 0 && covered(rule).some((arn) => touched.has(arn))) {
      throw conflict(`${describeRule(rule)} is in its wait period of ${rule.waitPeriodMs} ms; ${Math.ceil(left)} ms left`);
    }
  }
  const before = new Map([...state.routing.entries()].map(([arn, c]) => [arn, c.state] as const));
  const after = new Map(before);
  for (const update of updates) after.set(update.arn, update.state);
  const changed = updates.filter((u) => before.get(u.arn) !== u.state).map((u) => u.arn);
  const what = updates.map((u) => `${state.routing.get(u.arn)?.name ?? u.arn} ${u.state}`).join(", ");
  for (const rule of rules) {
    if (rule.kind === "assertion" && !satisfied(rule, after)) throw conflict(`setting ${what} would break ${describeRule(rule)}`);
    if (rule.kind === "gating" && changed.some((arn) => rule.targetControls.includes(arn)) && !satisfied(rule, after)) {
      throw conflict(`setting ${what} is gated by ${describeRule(rule)}, which its gating controls do not satisfy`);
    }
  }
  for (const update of updates) {
    const control = state.routing.get(update.arn);
    if (control) control.state = update.state;
  }
  // A change starts the wait period of every rule that covers a changed control, overridden or not.
  for (const rule of topology.safetyRules) {
    if (covered(rule).some((arn) => changed.includes(arn))) state.ruleChangedAt.set(rule.arn, t);
  }
}
