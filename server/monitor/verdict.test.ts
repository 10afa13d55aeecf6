import { describe, expect, it } from "vitest";
import { regionFacts } from "./facts";
import { deriveFindings } from "./findings";
import { ok, regionState } from "./testing";
import { deriveVerdict } from "./verdict";

const BUDGET = 1000;
const claim = (epoch: number) => ok({ role: "primary" as const, epoch, updatedAt: null, updatedBy: null });

/** us-east-1 back after an unplanned failover to us-west-2: an Aurora reader, still claiming authority at epoch 1. */
function afterUnplannedFailover(eastCanWrite: boolean) {
  const east = regionState("us-east-1", eastCanWrite, {
    authority: claim(1),
    readiness: ok({ httpStatus: 200, writable: eastCanWrite, schemaVersion: "42", authorisedForWrites: true }),
    routingControls: ok([{ arn: "arn:rc/us-east-1", name: "rc us-east-1", state: "Off" as const }]),
    appRole: ok({ role: "passive" as const }),
  });
  const west = regionState("us-west-2", true, { authority: claim(2) });
  const states = [east, west];
  const findings = deriveFindings(states, BUDGET);
  const verdict = deriveVerdict(states.map((s) => regionFacts(s)), findings);
  return { findings, verdict };
}

describe("verdict: a stale authority claim is not split brain (DESIGN invariant 4)", () => {
  it("a returning region that claims authority at a lower epoch but cannot write is a warning, and the holder still owns writes", () => {
    const { findings, verdict } = afterUnplannedFailover(false);
    const stale = findings.find((f) => f.kind === "stale-authority-claim");
    expect(stale).toMatchObject({ severity: "warning", region: "us-east-1", title: "Stale authority claim in us-east-1 (epoch 1 < 2)" });
    expect(findings.map((f) => f.kind)).not.toContain("split-brain");
    expect(verdict).toMatchObject({ authority: "single", writer: { region: "us-west-2", epoch: 2 }, tone: "warning", staleClaim: { region: "us-east-1", epoch: 1, holder: "us-west-2", holderEpoch: 2 } });
    expect(verdict.summary).toMatch(/^us-west-2 owns writes at epoch 2; stale authority claim in us-east-1 \(epoch 1 < 2\)/);
  });

  it("a stale claimant that can write is split brain: critical", () => {
    const { findings, verdict } = afterUnplannedFailover(true);
    expect(findings.find((f) => f.kind === "stale-authority-claim")).toMatchObject({ severity: "critical" });
    expect(findings.map((f) => f.kind)).toContain("split-brain");
    expect(verdict).toMatchObject({ authority: "split", tone: "critical" });
  });
});
