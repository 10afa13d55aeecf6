/**
 * A required "why" for the record (reject, cancel, abort): label, textarea and the inline error
 * tied to it for screen readers. `id` prefixes the textarea (`${id}-reason`) and the error.
 */
export function ReasonField({
  id,
  label,
  value,
  onChange,
  error,
  minLength,
  autoFocus,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  minLength?: number;
  autoFocus?: boolean;
}) {
  return (
    <>
      <label htmlFor={`${id}-reason`} className="text-sm font-medium">
        {label}
      </label>
      <textarea
        id={`${id}-reason`}
        required
        minLength={minLength}
        rows={2}
        autoFocus={autoFocus}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error !== null ? true : undefined}
        aria-describedby={error !== null ? `${id}-reason-error` : undefined}
        className="rounded-md border border-slate-300 bg-white px-3 py-2 dark:border-slate-600 dark:bg-slate-900"
      />
      {error !== null ? (
        <p id={`${id}-reason-error`} role="alert" className="text-sm font-semibold text-red-800 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </>
  );
}
