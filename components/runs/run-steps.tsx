import { formatClock, formatMs } from "@/components/dashboard/format";
import { Pill } from "@/components/dashboard/pill";
import type { RunStep, StepAttempt } from "@/lib/runs";
import { STEP_STATUS, elapsedMs, stepTone } from "./format";

/** The runbook's steps in order: status, attempts, timing, what each found or did, and its error. */
export function RunSteps({ steps, now }: { steps: RunStep[]; now: number | null }) {
  return (
    <section aria-labelledby="run-steps-heading" className="flex flex-col gap-3">
      <h2 id="run-steps-heading" className="text-xl font-bold">
        Steps
      </h2>
      <ol aria-labelledby="run-steps-heading" className="flex flex-col gap-2">
        {steps.map((step) => (
          <Step key={step.index} step={step} now={now} />
        ))}
      </ol>
    </section>
  );
}

function Step({ step, now }: { step: RunStep; now: number | null }) {
  const took = elapsedMs(step.startedAt, step.finishedAt, now);
  const running = step.status === "running";
  return (
    <li
      data-testid="run-step"
      data-step={step.id}
      data-status={step.status}
      aria-current={running ? "step" : undefined}
      className={`flex flex-col gap-1 rounded-md border p-3 ${
        running ? "border-sky-600 bg-sky-50 dark:border-sky-400 dark:bg-sky-950" : "border-slate-200 bg-white dark:border-slate-700 dark:bg-slate-900"
      }`}
    >
      <div className="flex flex-wrap items-center gap-2">
        <span className="w-7 font-mono text-sm tabular-nums text-slate-600 dark:text-slate-400">{step.index + 1}.</span>
        <Pill tone={stepTone(step)} className="w-28 justify-start" data-testid="step-status">
          {STEP_STATUS[step.status].word}
        </Pill>
        <span className="font-semibold">{step.title}</span>
        {step.bestEffort ? <Pill tone="neutral">best effort</Pill> : null}
      </div>
      <p className="flex flex-wrap gap-x-4 gap-y-1 pl-9 text-sm tabular-nums text-slate-700 dark:text-slate-300">
        <span>
          attempts {step.attempts}/{step.maxAttempts}
        </span>
        {step.startedAt ? <span>started {formatClock(step.startedAt)}</span> : <span>not started</span>}
        {step.finishedAt ? <span>finished {formatClock(step.finishedAt)}</span> : null}
        {took !== null ? <span>{running ? `running for ${formatMs(took)}` : `took ${formatMs(took)}`}</span> : null}
        {step.region ? <span>in {step.region}</span> : null}
      </p>
      {step.attemptLog && step.attemptLog.length > 1 ? <Attempts step={step} attempts={step.attemptLog} now={now} /> : null}
      {step.detail ? <p className="pl-9 text-sm">{step.detail}</p> : null}
      {step.error ? (
        <p className="pl-9 text-sm font-medium text-red-800 dark:text-red-300" data-testid="step-error">
          Error: {step.error}
        </p>
      ) : null}
    </li>
  );
}

const OUTCOME: Record<StepAttempt["outcome"], string> = { running: "running", succeeded: "succeeded", skipped: "skipped", failed: "failed", interrupted: "interrupted" };

/** Every attempt of a step that took more than one, each with its own start and end (from the audit). */
function Attempts({ step, attempts, now }: { step: RunStep; attempts: StepAttempt[]; now: number | null }) {
  return (
    <ol aria-label={`Attempts of step ${step.index + 1}`} className="flex flex-col gap-0.5 pl-9 text-sm tabular-nums" data-testid="step-attempts">
      {attempts.map((a) => {
        const took = elapsedMs(a.startedAt, a.endedAt, a.outcome === "running" ? now : null);
        return (
          <li key={a.attempt} data-testid="step-attempt" data-outcome={a.outcome}>
            attempt {a.attempt}: {formatClock(a.startedAt)} → {a.endedAt ? formatClock(a.endedAt) : a.outcome === "running" ? "now" : "no end recorded"}
            {took !== null ? ` (${formatMs(took)})` : ""}, {OUTCOME[a.outcome]}
            {a.error ? `: ${a.error}` : ""}
          </li>
        );
      })}
    </ol>
  );
}
