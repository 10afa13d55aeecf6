import type { RoutingControlView } from "@/lib/snapshot";
import { type WorldCore } from "./core";
import { WriteRejectedError } from "./errors";
import type { Topology } from "./topology";

/**
 * Route 53 ARC routing controls. Their state lives in the ARC cluster, whose data plane has five
 * regional endpoints, so reads keep answering when one of the application's regions is dark or
 * its control plane is out. Safety rules guard updates: an assertion rule "at least one On" over
 * every region's controls means ARC refuses (ConflictException) any change that would leave no
 * region taking traffic — which is why a failover turns the new region On before the old Off
 * (invariant 5).
 */

/** An ARC assertion rule (ATLEAST threshold over the asserted controls), as the control-config API describes it. */
export interface AssertionRule {
  name: string;
  type: "assertion";
  ruleType: "ATLEAST";
  threshold: number;
  assertedControls: string[];
  /** ARC waits this long before evaluating a change against the rule. */
  waitPeriodMs: number;
}

export function safetyRulesFor(topology: Topology): AssertionRule[] {
  const controls = topology.regions.flatMap((region) => region.routingControls.map((control) => control.arn));
  return [{ name: "at-least-one-region-on", type: "assertion", ruleType: "ATLEAST", threshold: 1, assertedControls: controls, waitPeriodMs: 5_000 }];
}

/** The rules that the states in `states` (arn → state) would break. */
export function violatedRules(rules: readonly AssertionRule[], states: ReadonlyMap<string, "On" | "Off">): AssertionRule[] {
  return rules.filter((rule) => rule.assertedControls.filter((arn) => states.get(arn) === "On").length < rule.threshold);
}

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

/** UpdateRoutingControlStates: applies every change, or none if any safety rule would break afterwards. */
export function setControlStates(core: WorldCore, updates: readonly { arn: string; state: "On" | "Off" }[]): void {
  const controls = updates.map((update) => {
    const control = core.state.routing.get(update.arn);
    if (control === undefined) throw new WriteRejectedError("ResourceNotFoundException", "arc", null, `no routing control ${update.arn}`);
    return { control, next: update.state };
  });
  const wanted = new Map(updates.map((u) => [u.arn, u.state] as const));
  const after = new Map([...core.state.routing.entries()].map(([key, c]) => [key, wanted.get(key) ?? c.state] as const));
  const first = violatedRules(safetyRulesFor(core.topology), after)[0];
  if (first !== undefined) {
    const what = controls.map(({ control, next }) => `${control.name} ${next}`).join(", ");
    throw new WriteRejectedError(
      "ConflictException",
      "arc",
      controls[0]?.control.region ?? null,
      `setting ${what} would break safety rule "${first.name}" (at least ${first.threshold} of ${first.assertedControls.length} controls On)`,
    );
  }
  for (const { control, next } of controls) control.state = next;
}
