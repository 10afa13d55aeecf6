import { describe, expect, it } from "vitest";
import { READINESS_CHECKS, ReadinessCheckId, type ReadinessCheck } from "./findings";

describe("readiness check ids", () => {
  it("are one closed list: the schema refuses any other id", () => {
    expect(ReadinessCheckId.safeParse("target-not-writer").success).toBe(true);
    expect(ReadinessCheckId.safeParse("source-fenced").success).toBe(false);
    expect(new Set(READINESS_CHECKS).size).toBe(READINESS_CHECKS.length);
  });

  it("a check named by an id that does not exist is a compile error (tsc fails if this line compiles)", () => {
    // `npx tsc --noEmit` passes only while this assignment is an error: were ids plain strings, or
    // "source-fenced" a check, the directive would be unused and the type-check would fail.
    // @ts-expect-error "source-fenced" is not a readiness check
    const renamed: ReadinessCheckId = "source-fenced";
    // @ts-expect-error a check item's id is the typed id too
    const item: ReadinessCheck = { id: "no-stale-claim", label: "x", status: "pass", evidence: "x" };
    // Comparing an id with a name that is no check is an error too (no overlap): what protects
    // `c.id === "target-not-writer"` in the re-checks and the UI.
    // @ts-expect-error this comparison has no overlap
    const compared = item.id === "target-is-not-writer";
    expect([renamed, item.id, compared]).toEqual(["source-fenced", "no-stale-claim", false]);
  });
});
