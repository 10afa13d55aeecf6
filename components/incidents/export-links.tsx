"use client";

import { useState } from "react";
import { EXPORT_FORMATS, type ExportFormat, type PaperSize } from "@/lib/incidents";

const FORMAT_LABEL: Record<ExportFormat, string> = { md: "Markdown postmortem", json: "JSON", csv: "CSV", pdf: "PDF for print" };

export function exportHref(incidentId: string, format: ExportFormat, paper: PaperSize): string {
  const search = new URLSearchParams({ format });
  if (format === "pdf") search.set("paper", paper);
  return `/api/incidents/${encodeURIComponent(incidentId)}/export?${search.toString()}`;
}

/**
 * One download per format, straight from the export route (it streams, so a long timeline starts
 * at once). Every file carries the audit chain's head at export time.
 */
export function ExportLinks({ incidentId, open }: { incidentId: string; open: boolean }) {
  const [paper, setPaper] = useState<PaperSize>("a4");
  return (
    <section aria-labelledby="export-heading" className="flex flex-col gap-2">
      <h2 id="export-heading" className="text-xl font-bold">
        Export
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        The whole timeline with the figures, and the audit chain&apos;s head hash at export time so a reader can check it against the log
        (<code>npm run audit:verify</code>).
        {open ? " The incident is still open: an export now holds what happened so far." : ""}
      </p>
      <div className="flex flex-wrap items-center gap-2">
        {EXPORT_FORMATS.map((format) => (
          <a
            key={format}
            href={exportHref(incidentId, format, paper)}
            download
            className="inline-flex items-center justify-center rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold text-slate-900 hover:bg-slate-100 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100 dark:hover:bg-slate-800"
          >
            Export {FORMAT_LABEL[format]}
          </a>
        ))}
        <label htmlFor="export-paper" className="ml-2 text-sm font-medium">
          PDF paper
        </label>
        <select
          id="export-paper"
          value={paper}
          onChange={(e) => setPaper(e.target.value === "letter" ? "letter" : "a4")}
          className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-600 dark:bg-slate-900"
        >
          <option value="a4">A4</option>
          <option value="letter">Letter</option>
        </select>
      </div>
    </section>
  );
}
