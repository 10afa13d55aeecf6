import type { ReactNode } from "react";

/** An error said at once (role="alert"), in the console's error style; `small` under a form field. */
export function ErrorText({ id, small = false, children }: { id?: string; small?: boolean; children: ReactNode }) {
  return (
    <p id={id} role="alert" className={`${small ? "text-sm " : ""}font-semibold text-red-800 dark:text-red-300`}>
      {children}
    </p>
  );
}
