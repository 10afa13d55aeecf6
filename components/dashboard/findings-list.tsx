"use client";

import type { Finding } from "@/lib/findings";
import { ageAt, bySeverity, formatAge, SEVERITY_TONE } from "./format";
import { Pill } from "./pill";
import { useSnapshotTime } from "./snapshot-time";


/** What a human must see, worst first, each with the evidence it rests on. */
export function FindingsList({ findings }: { findings: Finding[] }) {
  const ranked = bySeverity(findings);
  return (
    <section aria-label="Findings" className="flex min-w-0 flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="text-xl font-bold">Findings ({findings.length})</h2>
      {ranked.length === 0 ? (
        <p className="text-slate-700 dark:text-slate-300">No findings. Nothing derived from the current snapshot needs attention.</p>
      ) : (
        <ol className="flex flex-col gap-3">
          {ranked.map((f) => (
            <li key={f.id}>
              <FindingItem finding={f} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function FindingItem({ finding }: { finding: Finding }) {
  const { generatedAt, heldMs } = useSnapshotTime();
  return (
    <article
      aria-label={finding.title}
      data-testid="finding"
      data-kind={finding.kind}
      data-severity={finding.severity}
      className={`rounded-md border-l-8 border bg-slate-50 p-3 dark:bg-slate-950 ${
        finding.severity === "critical"
          ? "border-red-700 dark:border-red-500"
          : finding.severity === "warning"
            ? "border-amber-500"
            : "border-sky-600"
      }`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <Pill tone={SEVERITY_TONE[finding.severity]}>{finding.severity}</Pill>
        <h3 className="text-lg font-semibold">{finding.title}</h3>
        <span className="text-sm text-slate-600 dark:text-slate-400">{finding.region ?? "all regions"}</span>
      </div>
      <p className="mt-1">{finding.detail}</p>
      {finding.evidence.length > 0 ? (
        <div className="mt-2 overflow-x-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Evidence for {finding.title}</caption>
            <thead className="text-slate-600 dark:text-slate-400">
              <tr>
                <th scope="col" className="pr-3 font-medium">Evidence</th>
                <th scope="col" className="pr-3 font-medium">Value</th>
                <th scope="col" className="pr-3 font-medium">Source</th>
                <th scope="col" className="font-medium">Observed</th>
              </tr>
            </thead>
            <tbody className="[overflow-wrap:anywhere]">
              {finding.evidence.map((e, i) => (
                <tr key={`${e.label}-${i}`} className="align-top">
                  <td className="pr-3">{e.label}</td>
                  <td className="pr-3 font-medium">{e.value}</td>
                  <td className="pr-3">{e.source}</td>
                  <td className="tabular-nums">{formatAge(ageAt(e.observedAt, generatedAt, heldMs))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </article>
  );
}
