"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { apiGet } from "@/lib/api-client";
import { AuditVerifyResult } from "@/lib/audit";
import { queryKeys } from "@/lib/query-keys";
import type { AuditFilter } from "./filter";
import { loadAuditView, type AuditView } from "./load-page";

const NEWEST_REFRESH_MS = 10_000;

/**
 * One screenful of the log. The log is append-only, so a page below a given seq never changes:
 * older pages are kept as they are, and only the newest (unfiltered) page polls for new records.
 * The previous page stays on screen while the next loads.
 */
export function useAuditView(filter: AuditFilter, before: number | null, initialView: AuditView | undefined) {
  const newest = before === null;
  return useQuery({
    queryKey: queryKeys.auditPage({ action: filter.action, size: filter.size, before }),
    queryFn: () => loadAuditView(filter, before),
    initialData: newest ? initialView : undefined,
    staleTime: newest ? 5_000 : Infinity,
    // A filtered newest page may read thousands of records; it refreshes on focus, not on a timer.
    refetchInterval: newest && filter.action === null ? NEWEST_REFRESH_MS : false,
    placeholderData: keepPreviousData,
  });
}

/**
 * Chain verification walks the whole log (a second or two for 100,000 records), so it runs when
 * the page opens and when asked, never on a timer or on window focus.
 */
export function useAuditVerify() {
  return useQuery({
    queryKey: queryKeys.auditVerify(),
    queryFn: () => apiGet("/api/audit/verify", AuditVerifyResult),
    staleTime: Infinity,
    refetchOnMount: "always",
    refetchOnWindowFocus: false,
    retry: false,
  });
}
