import type { AuditVerifyResult } from "@/lib/audit";
import { Button } from "@/components/ui/button";
import { BREAK_REASONS, formatClockMs, shortHash } from "./format";

export interface VerifyStatusProps {
  /** The last verification result, if any has arrived. */
  result: AuditVerifyResult | undefined;
  /** When that result arrived (browser clock, ms). */
  verifiedAt: number | null;
  verifying: boolean;
  /** Why the last attempt failed, if it did. */
  error: string | null;
  onVerify: () => void;
  /** Jumps the table to a record (the first broken one). */
  onShowRecord?: (seq: number) => void;
}

type Tone = "good" | "bad" | "neutral";

const TONE_STYLE: Record<Tone, string> = {
  good: "border-emerald-700 bg-emerald-50 text-emerald-950 dark:border-emerald-500 dark:bg-emerald-950 dark:text-emerald-50",
  bad: "border-red-900 bg-red-700 text-white dark:border-red-400 dark:bg-red-900",
  neutral: "border-slate-400 bg-white text-slate-900 dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100",
};

function Spinner() {
  return <span aria-hidden="true" className="inline-block h-5 w-5 animate-spin rounded-full border-[3px] border-current border-t-transparent motion-reduce:animate-none" />;
}

function headline(result: AuditVerifyResult): string {
  const count = `${result.valid}/${result.total} records valid`;
  if (result.ok) return `✓ ${count}: the chain is intact`;
  const broken = result.firstBroken;
  return broken ? `✗ ${count}: the chain breaks at record #${broken.seq} (${BREAK_REASONS[broken.reason].name})` : `✗ ${count}: the chain is broken`;
}

/**
 * The hash-chain verification, first thing on the page: "N/M records valid", green when intact,
 * red naming the first broken record and how it broke. The button keeps its name and focus while
 * a verification runs (aria-disabled, not disabled), so a keyboard user is not thrown out of it.
 */
export function VerifyStatus({ result, verifiedAt, verifying, error, onVerify, onShowRecord }: VerifyStatusProps) {
  const tone: Tone = result ? (result.ok ? "good" : "bad") : error && !verifying ? "bad" : "neutral";
  const state = result ? (result.ok ? "intact" : "broken") : error && !verifying ? "error" : "verifying";
  const broken = result?.firstBroken ?? null;
  return (
    <section
      aria-label="Chain verification"
      aria-busy={verifying}
      data-state={state}
      className={`flex flex-col gap-2 rounded-lg border-4 p-4 ${TONE_STYLE[tone]}`}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div role="status" aria-live="polite" className="flex flex-col gap-1">
          {result ? (
            <h2 className="text-2xl font-black" data-testid="verify-headline">
              {headline(result)}
            </h2>
          ) : error && !verifying ? (
            <h2 className="text-2xl font-black">✗ Could not verify the chain: {error}</h2>
          ) : null}
          {verifying ? (
            <p className="flex items-center gap-2 text-lg font-semibold">
              <Spinner />
              {result ? "Verifying again… (the result above is from the previous run)" : "Verifying… every record's hash is being recomputed"}
            </p>
          ) : null}
          {result && error && !verifying ? <p className="font-semibold">The last attempt failed: {error}. The result above is older.</p> : null}
        </div>
        <Button
          type="button"
          variant="secondary"
          aria-disabled={verifying}
          onClick={() => {
            if (!verifying) onVerify();
          }}
          className="aria-disabled:cursor-wait aria-disabled:opacity-60"
        >
          Verify again
        </Button>
      </div>
      {broken ? (
        <div className="flex flex-wrap items-center gap-3" data-testid="verify-break">
          <p>
            First broken record <strong>#{broken.seq}</strong>: {BREAK_REASONS[broken.reason].name}, {BREAK_REASONS[broken.reason].meaning}.{" "}
            <span className="font-mono text-sm">{broken.detail}</span>
          </p>
          {onShowRecord ? (
            <Button type="button" variant="secondary" onClick={() => onShowRecord(broken.seq)}>
              Show record #{broken.seq}
            </Button>
          ) : null}
        </div>
      ) : null}
      {result ? <VerifyFacts result={result} verifiedAt={verifiedAt} /> : null}
    </section>
  );
}

function VerifyFacts({ result, verifiedAt }: { result: AuditVerifyResult; verifiedAt: number | null }) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <p className="flex flex-wrap gap-x-4 gap-y-1">
        {verifiedAt ? <span data-testid="verified-at">Verified at {formatClockMs(verifiedAt)}</span> : null}
        <span>
          {result.ok ? "Head" : "Last valid record"}:{" "}
          {result.headSeq > 0 ? (
            <>
              #{result.headSeq}{" "}
              <code title={result.headHash} className="font-mono">
                {shortHash(result.headHash)}
              </code>
            </>
          ) : (
            "none"
          )}
        </span>
        {result.legacy > 0 ? <span>{result.legacy} of the valid records predate the chain and are not hash-protected</span> : null}
      </p>
      <p className="opacity-80">Deleting the newest records leaves a valid, shorter chain: compare the head with a head published elsewhere to catch that.</p>
    </div>
  );
}
