import type { HealthCheckView } from "@/lib/snapshot";
import { Pill } from "./pill";

/** Route 53 health checks, each with its checker observations as labelled dots and a count in words. */
export function HealthChecksBody({ checks }: { checks: HealthCheckView[] }) {
  if (checks.length === 0) return <p className="text-sm">No health checks configured.</p>;
  return (
    <ul className="flex flex-col gap-2">
      {checks.map((check) => (
        <HealthCheckItem key={check.id} check={check} />
      ))}
    </ul>
  );
}

function HealthCheckItem({ check }: { check: HealthCheckView }) {
  const ok = check.checkers.filter((c) => c.ok).length;
  const total = check.checkers.length;
  return (
    <li className="flex flex-col gap-1" data-testid="health-check">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium">{check.name}</span>
        <Pill tone={check.healthy ? "good" : "bad"}>{check.healthy ? "Healthy" : "Unhealthy"}</Pill>
        <span className="text-sm tabular-nums" data-testid="checker-count">{`${ok}/${total} checkers OK`}</span>
      </div>
      <ul aria-label={`Checkers for ${check.name}`} className="flex flex-wrap gap-1">
        {check.checkers.map((c, i) => {
          const text = `${c.location}: ${c.ok ? "OK" : "failing"}${c.detail ? ` (${c.detail})` : ""}`;
          return (
            <li
              key={`${c.location}-${i}`}
              title={text}
              className={`flex h-6 w-6 items-center justify-center rounded-full border text-xs font-bold ${
                c.ok
                  ? "border-emerald-700 bg-emerald-600 text-white dark:border-emerald-400"
                  : "border-red-700 bg-white text-red-700 dark:bg-slate-900 dark:text-red-300"
              }`}
            >
              <span aria-hidden="true">{c.ok ? "✓" : "✗"}</span>
              <span className="sr-only">{text}</span>
            </li>
          );
        })}
      </ul>
    </li>
  );
}
