import "server-only";
import type { Finding, Severity } from "@/lib/findings";
import type { RegionState } from "@/lib/snapshot";
import { regionFacts } from "./facts";
import { authorityFindings } from "./findings-authority";
import { regionFindings } from "./findings-region";

const RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** Everything a human must see in this snapshot, most severe first (stable order within a severity). */
export function deriveFindings(regions: readonly RegionState[], lagBudgetMs: number): Finding[] {
  const facts = regions.map(regionFacts);
  // A claim below another region's epoch is stale (invariant 4): that region is not meant to write.
  const epochs = facts.map((r) => (r.authority?.role === "primary" ? r.authority.epoch : -Infinity));
  const top = Math.max(...epochs);
  const all = [...authorityFindings(facts), ...facts.flatMap((r, i) => regionFindings(r, lagBudgetMs, epochs[i] === top))];
  return all.map((f, i) => ({ f, i })).sort((x, y) => RANK[x.f.severity] - RANK[y.f.severity] || x.i - y.i).map(({ f }) => f);
}
