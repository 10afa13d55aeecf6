import { INCIDENT_SEVERITIES, IncidentSeverity } from "@/lib/incidents";
import { INCIDENT_SEVERITY_LABEL } from "./format";

/** A labelled severity picker: sev1 (critical impact) to sev4 (no user impact). */
export function SeveritySelect({ id, value, onChange }: { id: string; value: IncidentSeverity; onChange: (next: IncidentSeverity) => void }) {
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        Severity
      </label>
      <select
        id={id}
        value={value}
        onChange={(e) => onChange(IncidentSeverity.parse(e.target.value))}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900"
      >
        {INCIDENT_SEVERITIES.map((s) => (
          <option key={s} value={s}>
            {INCIDENT_SEVERITY_LABEL[s]}
          </option>
        ))}
      </select>
    </div>
  );
}
