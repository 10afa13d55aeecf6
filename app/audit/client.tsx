"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, useCallback } from "react";
import { AuditScreen, type AuditScreenProps } from "@/components/audit/audit-screen";
import { auditFilterSearch, parseAuditFilter, type AuditFilter } from "@/components/audit/filter";

export interface AuditLogProps {
  initial: AuditScreenProps["initial"];
  /** The filter the server read from the URL, for the render before the search params are known. */
  initialFilter: AuditFilter;
}

const noop = () => undefined;

/** The audit log with its filter kept in the URL (`?action=auth.login&size=100`), so a link shows the same view. */
export function AuditLog(props: AuditLogProps) {
  return (
    <Suspense fallback={<AuditScreen initial={props.initial} filter={props.initialFilter} onFilterChange={noop} />}>
      <AuditLogWithUrl {...props} />
    </Suspense>
  );
}

function AuditLogWithUrl({ initial }: AuditLogProps) {
  const params = useSearchParams();
  const pathname = usePathname();
  const filter = parseAuditFilter(params);

  const onFilterChange = useCallback(
    (next: AuditFilter) => {
      const query = auditFilterSearch(params.toString(), next);
      // Next syncs useSearchParams with the History API, so this updates the URL without a server
      // round trip; replace, not push: narrowing the list should not fill the back button.
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [params, pathname],
  );

  return <AuditScreen initial={initial} filter={filter} onFilterChange={onFilterChange} />;
}
