import type { Finding } from "@/lib/findings";

/** One uninterrupted stretch of a critical finding as this replica's monitor saw it. */
export interface Hold {
  finding: Finding;
  /** When it was first seen (clock time, the monitor's poll cycles then). */
  at: number;
  cycles: number;
  /** It has held long enough to count as real (see `CriticalHolds`); stays true until it clears. */
  reached: boolean;
}

/**
 * "This critical finding is real": present in every snapshot for `holdMs` and two more poll
 * cycles. Time alone is not enough — between two polls (up to the cadence, which may exceed the
 * hold) every snapshot repeats the last read — so a read that fails once (a timeout under load, a
 * throttled call) clears on the next poll and counts for nothing. A finding that disappears
 * starts again from zero. One rule for the incident auto-opener and the "critical finding held"
 * notification (incidents.autoOpenAfterSeconds).
 */
export class CriticalHolds {
  private readonly holds = new Map<string, Hold>();

  constructor(private readonly holdMs: number) {}

  /** Takes the latest snapshot's findings; answers the holds that count now and those that just ended. */
  update(findings: readonly Finding[], now: { at: number; cycles: number }): { held: Hold[]; ended: Hold[] } {
    const critical = findings.filter((f) => f.severity === "critical");
    const ended: Hold[] = [];
    for (const [id, hold] of [...this.holds]) {
      if (critical.some((f) => f.id === id)) continue;
      this.holds.delete(id);
      ended.push(hold);
    }
    const held: Hold[] = [];
    for (const f of critical) {
      const hold = this.holds.get(f.id) ?? { finding: f, at: now.at, cycles: now.cycles, reached: false };
      hold.finding = f;
      hold.reached ||= this.holdMs === 0 || (now.at - hold.at >= this.holdMs && now.cycles - hold.cycles >= 2);
      this.holds.set(f.id, hold);
      if (hold.reached) held.push(hold);
    }
    return { held, ended };
  }
}
