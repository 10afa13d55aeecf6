import { apiGet } from "@/lib/api-client";
import { AuditPage, type AuditRecord } from "@/lib/audit";

/** One screenful of records, newest first. */
export interface AuditView {
  records: AuditRecord[];
  /** `before` for the next (older) screenful; null when nothing older remains. */
  nextBefore: number | null;
}

export type FetchAuditPage = (query: { action: string | null; before: number | null; limit: number }) => Promise<AuditPage>;

export const fetchAuditPage: FetchAuditPage = ({ action, before, limit }) => {
  const search = new URLSearchParams({ limit: String(limit) });
  if (action !== null) search.set("action", action);
  if (before !== null) search.set("before", String(before));
  return apiGet(`/api/audit?${search.toString()}`, AuditPage);
};

export const toView = (page: AuditPage): AuditView => ({ records: page.records, nextBefore: page.nextBefore });

/**
 * Loads the screenful of records older than `before` (or the newest), of one action if the filter
 * names one: a single request, since the server filters (`WHERE action = … AND seq < before`).
 */
export async function loadAuditView(filter: { action: string | null; size: number }, before: number | null, fetchPage: FetchAuditPage = fetchAuditPage): Promise<AuditView> {
  return toView(await fetchPage({ action: filter.action, before, limit: filter.size }));
}
