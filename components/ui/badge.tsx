import type { ReactNode } from "react";

export function Badge({ children }: { children: ReactNode }) {
  return (
    <span className="inline-flex items-center rounded border border-slate-300 px-1.5 py-0.5 text-xs font-medium text-slate-700 dark:border-slate-600 dark:text-slate-200">
      {children}
    </span>
  );
}
