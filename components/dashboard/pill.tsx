import type { HTMLAttributes, ReactNode } from "react";

/** Tones for status words. Every tone has its own glyph and (for the doubtful ones) stripes: never colour alone. */
export type Tone = "good" | "warn" | "bad" | "none" | "info" | "neutral";

/** Diagonal stripes for facts we cannot vouch for (stale, unknown). */
export const STRIPES =
  "bg-[repeating-linear-gradient(135deg,transparent_0_6px,rgb(100_116_139/0.18)_6px_12px)]";

const TONE: Record<Tone, string> = {
  good: "border-emerald-700 bg-emerald-50 text-emerald-900 dark:border-emerald-500 dark:bg-emerald-950 dark:text-emerald-100",
  warn: `border-amber-600 bg-amber-50 text-amber-900 dark:border-amber-400 dark:bg-amber-950 dark:text-amber-100 ${STRIPES}`,
  bad: "border-red-700 bg-red-50 text-red-900 dark:border-red-400 dark:bg-red-950 dark:text-red-100",
  none: `border-dashed border-slate-500 bg-slate-100 text-slate-800 dark:border-slate-400 dark:bg-slate-800 dark:text-slate-100 ${STRIPES}`,
  info: "border-sky-700 bg-sky-50 text-sky-900 dark:border-sky-400 dark:bg-sky-950 dark:text-sky-100",
  neutral: "border-slate-400 bg-white text-slate-800 dark:border-slate-500 dark:bg-slate-900 dark:text-slate-100",
};

const GLYPH: Record<Tone, string> = { good: "✓", warn: "!", bad: "✗", none: "?", info: "●", neutral: "○" };

/**
 * A status word with its glyph. `wrap` lets a long one (a list of services) wrap: a className
 * cannot override `whitespace-nowrap`, because Tailwind emits `whitespace-normal` first.
 */
export function Pill({ tone, wrap = false, children, className = "", ...rest }: { tone: Tone; wrap?: boolean; children: ReactNode } & HTMLAttributes<HTMLSpanElement>) {
  return (
    <span
      className={`inline-flex items-center gap-1 ${wrap ? "whitespace-normal" : "whitespace-nowrap"} rounded border px-1.5 py-0.5 text-xs font-bold uppercase tracking-wide ${TONE[tone]} ${className}`}
      {...rest}
    >
      <span aria-hidden="true">{GLYPH[tone]}</span>
      {children}
    </span>
  );
}
