import { LagRange } from "@/lib/lag";

const TITLES: Record<LagRange, string> = { "15m": "last 15 minutes", "1h": "last hour", "6h": "last 6 hours" };

/** 15m / 1h / 6h as toggle buttons: native buttons, so Tab and Enter/Space just work. */
export function RangeSelector({ value, onChange }: { value: LagRange; onChange: (range: LagRange) => void }) {
  return (
    <div role="group" aria-label="Lag time range" className="inline-flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-600">
      {LagRange.options.map((r) => (
        <button
          key={r}
          type="button"
          aria-pressed={r === value}
          title={`Show the ${TITLES[r]}`}
          onClick={() => onChange(r)}
          className={`px-3 py-1.5 text-sm font-semibold ${
            r === value
              ? "bg-sky-700 text-white"
              : "bg-white text-slate-900 hover:bg-slate-100 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
          }`}
        >
          {r}
        </button>
      ))}
    </div>
  );
}
