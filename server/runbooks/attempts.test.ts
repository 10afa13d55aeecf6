import { describe, expect, it } from "vitest";
import { AUDIT_ACTIONS } from "@/server/audit/actions";
import { attemptsFrom } from "./attempts";

const at = (s: number) => new Date(Date.UTC(2026, 2, 1, 12, 0, s));
const rec = (action: string, s: number, payload: Record<string, unknown>) => ({ at: at(s + 1), action, payload: { runId: "r", stepAt: at(s).toISOString(), ...payload } });

describe("a step's attempts from the audit", () => {
  it("pairs each start with its outcome, dated by the step's own instants", () => {
    const byStep = attemptsFrom([
      rec(AUDIT_ACTIONS.runStepStarted, 0, { index: 1, attempt: 1 }),
      rec(AUDIT_ACTIONS.runStepFailed, 5, { index: 1, attempt: 1, error: "timed out" }),
      rec(AUDIT_ACTIONS.runStepStarted, 6, { index: 1, attempt: 2 }),
      rec(AUDIT_ACTIONS.runStepSucceeded, 8, { index: 1, attempt: 2 }),
      rec(AUDIT_ACTIONS.runStepStarted, 9, { index: 2, attempt: 1 }),
    ]);
    expect(byStep.get(1)).toEqual([
      { attempt: 1, startedAt: at(0).toISOString(), endedAt: at(5).toISOString(), outcome: "failed", error: "timed out" },
      { attempt: 2, startedAt: at(6).toISOString(), endedAt: at(8).toISOString(), outcome: "succeeded", error: null },
    ]);
    expect(byStep.get(2)?.[0]).toMatchObject({ outcome: "running", endedAt: null });
  });

  it("an attempt left open by a console that stopped reads as interrupted once the next one starts; older records use the audit's time", () => {
    const byStep = attemptsFrom([
      { at: at(0), action: AUDIT_ACTIONS.runStepStarted, payload: { runId: "r", index: 0, attempt: 1 } },
      { at: at(30), action: AUDIT_ACTIONS.runStepStarted, payload: { runId: "r", index: 0, attempt: 2 } },
      { at: at(31), action: AUDIT_ACTIONS.runStepSkipped, payload: { runId: "r", index: 0, attempt: 2 } },
    ]);
    expect(byStep.get(0)?.map((a) => [a.outcome, a.startedAt])).toEqual([
      ["interrupted", at(0).toISOString()],
      ["skipped", at(30).toISOString()],
    ]);
  });
});
