import type { ReactNode } from "react";
import type { Snapshot } from "@/lib/snapshot";
import { formatMs } from "./format";

const TONE_STYLE = {
  ok: "border-emerald-700 bg-emerald-50 text-emerald-950 dark:border-emerald-500 dark:bg-emerald-950 dark:text-emerald-50",
  warning: "border-amber-600 bg-amber-50 text-amber-950 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-50",
  critical: "border-red-900 bg-red-700 text-white dark:border-red-400 dark:bg-red-900",
} as const;
const TONE_WORD = { ok: "✓ OK", warning: "! WARNING", critical: "✗ CRITICAL" } as const;

/** Regions whose authority flag says primary: two of them is split brain. */
function claimants(snapshot: Snapshot): string[] {
  return snapshot.regions.filter((r) => r.authority.status !== "unknown" && r.authority.value.role === "primary").map((r) => r.id);
}

function headline(snapshot: Snapshot): string {
  const v = snapshot.verdict;
  switch (v.authority) {
    case "split": {
      const who = claimants(snapshot);
      return `SPLIT BRAIN: ${who.length >= 2 ? who.join(" and ") : "two regions"} both claim write authority`;
    }
    case "unknown":
      return "AUTHORITY UNKNOWN: cannot tell which region owns writes";
    case "none":
      return "NO WRITER: no region holds write authority";
    case "single":
      return v.writer ? `Writes: ${v.writer.region} at epoch ${v.writer.epoch}` : "Writes: one region holds authority";
  }
}

/**
 * The first thing the incident commander reads: who owns writes (and at which epoch), where traffic
 * enters, the lag. Split brain and unknown authority are always critical, whatever else is true;
 * a stale authority claim that cannot write is a warning with the runbook that fences it.
 */
export function VerdictBanner({ snapshot, staleClaimFix }: { snapshot: Snapshot; staleClaimFix?: ReactNode }) {
  const v = snapshot.verdict;
  const tone = v.authority === "split" || v.authority === "unknown" ? "critical" : v.tone;
  const overBudget = v.lagMs !== null && v.lagMs > snapshot.lagBudgetMs;
  const critical = snapshot.findings.filter((f) => f.severity === "critical").length;
  const warning = snapshot.findings.filter((f) => f.severity === "warning").length;
  return (
    <section aria-label="Verdict" data-tone={tone} data-authority={v.authority} className={`rounded-lg border-4 p-4 2xl:p-3 ${TONE_STYLE[tone]}`}>
      <div role="status" aria-live="polite" className="flex flex-wrap items-center gap-3">
        <span className="rounded border-2 border-current px-2 py-0.5 text-sm font-black tracking-wider">{TONE_WORD[tone]}</span>
        <h2 className="text-2xl font-black sm:text-3xl">{headline(snapshot)}</h2>
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-2 text-lg sm:grid-cols-3 2xl:mt-2 2xl:gap-1">
        <div>
          <dt className="text-sm font-semibold uppercase opacity-80">Writes</dt>
          <dd className="font-bold">
            {v.authority === "split" ? claimants(snapshot).join(" + ") || "more than one region" : v.writer ? `${v.writer.region} (epoch ${v.writer.epoch})` : v.authority === "none" ? "nobody" : "unknown"}
          </dd>
        </div>
        <div>
          <dt className="text-sm font-semibold uppercase opacity-80">Traffic to</dt>
          <dd className="font-bold">{v.trafficTo.length > 0 ? v.trafficTo.join(" + ") : "NONE: no routing control is On"}</dd>
        </div>
        <div className="col-span-2 sm:col-span-1">
          <dt className="text-sm font-semibold uppercase opacity-80">Replication lag</dt>
          <dd className="font-bold tabular-nums">
            {v.lagMs === null ? "unknown" : formatMs(v.lagMs)} <span className="font-normal">(budget {formatMs(snapshot.lagBudgetMs)})</span>
            {overBudget ? " OVER BUDGET" : ""}
          </dd>
        </div>
      </dl>
      <p className="mt-2">{v.summary}</p>
      {v.staleClaim ? (
        <div data-testid="stale-claim" className="mt-3 rounded border-2 border-current p-3">
          <p className="font-bold">
            Stale authority claim (epoch {v.staleClaim.epoch} &lt; {v.staleClaim.holderEpoch}): {v.staleClaim.region} still claims write authority but cannot write.
          </p>
          <p className="text-sm">Fence it without moving writes: restoring writes to {v.staleClaim.holder} fences {v.staleClaim.region} and grants {v.staleClaim.holder} a new epoch (two-person).</p>
          {staleClaimFix ? <div className="mt-2">{staleClaimFix}</div> : null}
        </div>
      ) : null}
      {critical + warning > 0 ? (
        <p className="mt-1 text-sm font-semibold">
          Findings:{" "}
          {[critical ? `${critical} critical` : null, warning ? `${warning} warning` : null].filter(Boolean).join(", ")}
        </p>
      ) : null}
    </section>
  );
}
