import { describe, expect, it } from "vitest";
import { formatDuration } from "./duration";
import { formatDuration as incidentDuration } from "./incidents";
import { formatMs } from "@/components/dashboard/format";

describe("the one duration format", () => {
  it("reads the same span the same way at every scale", () => {
    expect([850, 3_400, 30_000, 88_300, 210_000, 7_580_400].map((ms) => formatDuration(ms))).toEqual(["850 ms", "3.4 s", "30 s", "1 min 28 s", "3 min 30 s", "2 h 6 min"]);
    expect(formatDuration(null)).toBe("unknown");
    expect(formatDuration(-5)).toBe("0 ms");
  });

  it("is the dashboard's, the incident pages' and the exports' helper alike", () => {
    for (const ms of [850, 3_400, 88_300, 7_580_400]) {
      expect(formatMs(ms)).toBe(formatDuration(ms));
      expect(incidentDuration(ms)).toBe(formatDuration(ms));
    }
    expect(incidentDuration(null)).toBe("—");
  });
});
