"use client";

import { useEffect, useState } from "react";

type CopyState = "idle" | "copied" | "failed";

/** Copies a value (a record hash) to the clipboard; says so for a moment, to sighted and screen-reader users alike. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [state, setState] = useState<CopyState>("idle");
  useEffect(() => {
    if (state === "idle") return;
    const timer = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      // The Clipboard API exists only in secure contexts (https or localhost).
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  };

  return (
    <>
      <button
        type="button"
        aria-label={label}
        title={`${label}: ${value}`}
        onClick={() => void copy()}
        className="rounded border border-slate-300 px-1.5 py-0.5 text-xs font-semibold hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed" : "Copy"}
      </button>
      <span role="status" className="sr-only">
        {state === "copied" ? "Hash copied" : state === "failed" ? "Could not copy; the full hash is in the record's details" : ""}
      </span>
    </>
  );
}
