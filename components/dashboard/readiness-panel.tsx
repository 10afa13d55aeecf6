import type { ReactNode } from "react";
import type { CheckStatus, ReadinessCheck, ReadinessChecklist } from "@/lib/findings";
import { Pill, type Tone } from "./pill";

const CHECK: Record<CheckStatus, { tone: Tone; word: string }> = {
  pass: { tone: "good", word: "pass" },
  fail: { tone: "bad", word: "fail" },
  unknown: { tone: "none", word: "unknown" },
};

export interface ReadinessPanelProps {
  checklists: ReadinessChecklist[];
  /** What a person can do about one checklist (propose a failover to its target); rendered under its verdict. */
  actions?: (checklist: ReadinessChecklist) => ReactNode;
}

/** Every precondition of promoting each possible target, per runbook mode, with its evidence. */
export function ReadinessPanel({ checklists, actions }: ReadinessPanelProps) {
  return (
    <section aria-label="Promotion readiness" className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="text-xl font-bold">Promotion readiness</h2>
      {checklists.length === 0 ? (
        <p>No promotion target: the monitor has not produced a readiness checklist.</p>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {checklists.map((c) => (
            <Checklist key={`${c.target}-${c.mode}`} checklist={c} actions={actions?.(c)} />
          ))}
        </div>
      )}
    </section>
  );
}

/** One checklist as a card: what it is for, the verdict, what can be done about it, then every check. */
export function Checklist({ checklist: c, actions }: { checklist: ReadinessChecklist; actions: ReactNode }) {
  const failing = c.checks.filter((x) => x.status !== "pass").length;
  return (
    <article aria-label={c.mode === "restore" ? `Restore writes to ${c.target}` : `Promote ${c.target} (${c.mode})`} data-testid="readiness-checklist" data-target={c.target} data-mode={c.mode} className="rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-lg font-semibold">
          {c.mode === "restore" ? (
            <>
              Restore writes to {c.target} <span className="font-normal">(the Aurora writer; {c.source} fenced)</span>
            </>
          ) : (
            <>
              Promote {c.target} <span className="font-normal">({c.mode} failover from {c.source})</span>
            </>
          )}
        </h3>
        <Pill tone={c.ready ? "good" : "bad"} data-testid="readiness-verdict">
          {c.ready ? "ready" : "not ready"}
        </Pill>
      </div>
      {!c.ready ? <p className="text-sm">{failing} of {c.checks.length} checks not passing</p> : null}
      {actions ? <div className="mt-2">{actions}</div> : null}
      <CheckItems checks={c.checks} className="mt-2" />
    </article>
  );
}

/** Checks with their status in words and their evidence; also shows the evidence stored with a proposal. */
export function CheckItems({ checks, className = "" }: { checks: readonly ReadinessCheck[]; className?: string }) {
  return (
    <ul className={`flex flex-col gap-1.5 ${className}`}>
      {checks.map((check) => (
        <li key={check.id} className="flex flex-wrap items-start gap-2" data-check={check.id} data-status={check.status}>
          <Pill tone={CHECK[check.status].tone} className="w-24 justify-start">
            {CHECK[check.status].word}
          </Pill>
          <div className="min-w-0 flex-1">
            <p className="font-medium">{check.label}</p>
            <p className="text-sm text-slate-600 dark:text-slate-400">{check.evidence}</p>
          </div>
        </li>
      ))}
    </ul>
  );
}
