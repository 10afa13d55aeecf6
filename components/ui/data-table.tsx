import type { ReactNode } from "react";

export interface DataTableProps {
  caption: string;
  /** Visually hidden caption, for a table under its own heading (screen readers still get it). */
  hideCaption?: boolean;
  columns: readonly string[];
  /** Shown as the only row, across every column, instead of `children`; null when there are rows. */
  empty: ReactNode | null;
  /** The rows are being (re)loaded: announced to screen readers, and dimmed when `dim`. */
  busy?: boolean;
  dim?: boolean;
  children: ReactNode;
}

/** A table in a card: caption, one header row of column names, then the rows (or why there are none). */
export function DataTable({ caption, hideCaption = false, columns, empty, busy, dim = false, children }: DataTableProps) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <table aria-busy={busy} className={`w-full border-collapse text-sm ${dim ? "opacity-60" : ""}`}>
        <caption className={hideCaption ? "sr-only" : "px-3 py-2 text-left font-semibold"}>{caption}</caption>
        <thead className="border-y border-slate-200 bg-slate-50 dark:border-slate-800 dark:bg-slate-950">
          <tr>
            {columns.map((c) => (
              <th key={c} scope="col" className="px-3 py-2 text-left font-semibold">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {empty !== null ? (
            <tr>
              <td colSpan={columns.length} className="px-3 py-2">
                {empty}
              </td>
            </tr>
          ) : (
            children
          )}
        </tbody>
      </table>
    </div>
  );
}
