"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { IncidentSeverity } from "@/lib/incidents";
import { SeveritySelect } from "./severity-select";
import { useDeclare } from "./use-incidents";
import { ErrorText } from "@/components/ui/error-text";

/** An operator declares an incident: title and severity; they become its commander. Opens its page. */
export function DeclareForm() {
  const router = useRouter();
  const declare = useDeclare();
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<IncidentSeverity>("sev2");
  const [error, setError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (title.trim().length < 3) {
      setError("Give the incident a title of at least 3 characters.");
      return;
    }
    setError(null);
    declare.mutate(
      { title: title.trim(), severity },
      {
        onSuccess: (incident) => router.push(`/incidents/${incident.id}`),
        onError: (err) => setError(err.message),
      },
    );
  };

  return (
    <form aria-labelledby="declare-heading" onSubmit={submit} noValidate className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 id="declare-heading" className="text-lg font-bold">
        Declare an incident
      </h2>
      <p className="text-sm text-slate-700 dark:text-slate-300">
        You become its commander. One incident is open at a time; the console opens one by itself when a critical finding appears.
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-72 flex-1">
          <Field
            id="incident-title"
            label="Title"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
            maxLength={200}
            aria-invalid={error !== null ? true : undefined}
            aria-describedby={error !== null ? "declare-error" : undefined}
          />
        </div>
        <SeveritySelect id="incident-severity" value={severity} onChange={setSeverity} />
        <Button type="submit" disabled={declare.isPending}>
          {declare.isPending ? "Declaring…" : "Declare incident"}
        </Button>
      </div>
      {error !== null ? (
        <ErrorText id="declare-error" small>
          {error}
        </ErrorText>
      ) : null}
    </form>
  );
}
