import { PAGE_SIZES, type AuditFilter, type PageSize } from "./filter";
import { actionLabel, KNOWN_ACTIONS } from "./format";

const SELECT =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100";

/** The actions to offer: every known one, plus any seen on screen or named in the URL that this build has no label for. */
export function actionOptions(current: string | null, seen: readonly string[]): string[] {
  const extra = [...new Set([...seen, ...(current ? [current] : [])])].filter((a) => !KNOWN_ACTIONS.includes(a)).sort();
  return [...KNOWN_ACTIONS, ...extra];
}

/** Action filter and page size; native selects, so keyboard and screen readers need nothing extra. */
export function FilterBar({ filter, seen, onChange }: { filter: AuditFilter; seen: readonly string[]; onChange: (next: AuditFilter) => void }) {
  return (
    <div role="group" aria-label="Filter audit records" className="flex flex-wrap items-end gap-4">
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-action" className="text-sm font-medium">
          Action
        </label>
        <select
          id="audit-action"
          className={SELECT}
          value={filter.action ?? ""}
          onChange={(e) => onChange({ ...filter, action: e.target.value === "" ? null : e.target.value })}
        >
          <option value="">All actions</option>
          {actionOptions(filter.action, seen).map((a) => (
            <option key={a} value={a}>
              {actionLabel(a) === a ? a : `${actionLabel(a)} (${a})`}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="audit-size" className="text-sm font-medium">
          Per page
        </label>
        <select
          id="audit-size"
          className={SELECT}
          value={filter.size}
          onChange={(e) => {
            const size = PAGE_SIZES.find((s) => String(s) === e.target.value);
            if (size) onChange({ ...filter, size: size satisfies PageSize });
          }}
        >
          {PAGE_SIZES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
