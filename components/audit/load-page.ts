import { apiGet } from "@/lib/api-client";
import { AUDIT_PAGE_MAX, AuditPage, type AuditRecord } from "@/lib/audit";

/** One screenful of records, newest first. */
export interface AuditView {
  records: AuditRecord[];
  /** `before` for the next (older) screenful; null when nothing older remains. */
  nextBefore: number | null;
  /**
   * Filtered views only: the search for matching records stopped at this seq before filling the
   * page (it reads at most MAX_SCAN_REQUESTS server pages at a time); older records are unsearched.
   */
  searchedTo: number | null;
}

export type FetchAuditPage = (before: number | null, limit: number) => Promise<AuditPage>;

export const fetchAuditPage: FetchAuditPage = (before, limit) => {
  const search = new URLSearchParams({ limit: String(limit) });
  if (before !== null) search.set("before", String(before));
  return apiGet(`/api/audit?${search.toString()}`, AuditPage);
};

/** At most this many server pages of AUDIT_PAGE_MAX records per filtered screenful (5,000 records). */
export const MAX_SCAN_REQUESTS = 10;

export const toView = (page: AuditPage): AuditView => ({ records: page.records, nextBefore: page.nextBefore, searchedTo: null });

/**
 * Loads the screenful of records older than `before` (or the newest). GET /api/audit has no action
 * filter yet, so a filtered view reads newest-first server pages and keeps the matches until the
 * page is full, the log ends, or MAX_SCAN_REQUESTS pages were read (then it says how far it got).
 */
export async function loadAuditView(filter: { action: string | null; size: number }, before: number | null, fetchPage: FetchAuditPage = fetchAuditPage): Promise<AuditView> {
  if (filter.action === null) return toView(await fetchPage(before, filter.size));
  const records: AuditRecord[] = [];
  let cursor = before;
  for (let request = 0; request < MAX_SCAN_REQUESTS; request++) {
    const page = await fetchPage(cursor, AUDIT_PAGE_MAX);
    for (const [i, record] of page.records.entries()) {
      if (record.action !== filter.action) continue;
      records.push(record);
      if (records.length === filter.size) {
        const endOfLog = i === page.records.length - 1 && page.nextBefore === null;
        return { records, nextBefore: endOfLog || record.seq <= 1 ? null : record.seq, searchedTo: null };
      }
    }
    if (page.nextBefore === null) return { records, nextBefore: null, searchedTo: null };
    cursor = page.nextBefore;
  }
  return { records, nextBefore: cursor, searchedTo: cursor };
}
