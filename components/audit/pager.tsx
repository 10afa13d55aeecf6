import type { ReactNode } from "react";

export interface PagerProps {
  /** 1 for the newest page. */
  page: number;
  hasOlder: boolean;
  onNewest: () => void;
  onNewer: () => void;
  onOlder: () => void;
  /** e.g. "records #51–#100" */
  summary: string;
}

/**
 * Newest / Newer / Older. Unavailable buttons are aria-disabled rather than disabled, so the one
 * just pressed keeps keyboard focus when it becomes unavailable (the last page, the first page).
 */
export function Pager({ page, hasOlder, onNewest, onNewer, onOlder, summary }: PagerProps) {
  return (
    <nav aria-label="Audit log pages" className="flex flex-wrap items-center gap-2">
      <PagerButton available={page > 1} onClick={onNewest}>
        <span aria-hidden="true">«</span> Newest
      </PagerButton>
      <PagerButton available={page > 1} onClick={onNewer}>
        <span aria-hidden="true">‹</span> Newer
      </PagerButton>
      <PagerButton available={hasOlder} onClick={onOlder}>
        Older <span aria-hidden="true">›</span>
      </PagerButton>
      <span className="text-sm tabular-nums text-slate-700 dark:text-slate-300" data-testid="audit-page-summary">
        Page {page}
        {summary ? ` · ${summary}` : ""}
      </span>
    </nav>
  );
}

function PagerButton({ available, onClick, children }: { available: boolean; onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      aria-disabled={!available}
      onClick={() => {
        if (available) onClick();
      }}
      className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-semibold text-slate-900 hover:bg-slate-100 aria-disabled:cursor-not-allowed aria-disabled:opacity-50 aria-disabled:hover:bg-white dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800 dark:aria-disabled:hover:bg-slate-900"
    >
      {children}
    </button>
  );
}
