/** What the audit page shows, kept in the URL (`/audit?action=auth.login&size=100`) so a link shows the same view. */
export interface AuditFilter {
  /** Only records with this action; null for all. */
  action: string | null;
  /** Records per page. */
  size: PageSize;
}

export const PAGE_SIZES = [25, 50, 100, 200] as const;
export type PageSize = (typeof PAGE_SIZES)[number];
/** The API's own default page (AUDIT_PAGE_DEFAULT). */
export const DEFAULT_PAGE_SIZE: PageSize = 50;
export const DEFAULT_FILTER: AuditFilter = { action: null, size: DEFAULT_PAGE_SIZE };

// Actions are dotted lowercase names (`auth.login`, `sim.fault_toggled`); anything else in the URL is ignored.
const ACTION = /^[a-z][a-z0-9_.-]{0,63}$/;

const isPageSize = (n: number): n is PageSize => (PAGE_SIZES as readonly number[]).includes(n);

/** Reads the filter from a query string; a malformed value falls back to its default rather than erroring. */
export function parseAuditFilter(params: Pick<URLSearchParams, "get">): AuditFilter {
  const action = params.get("action");
  const size = Number(params.get("size"));
  return {
    action: action !== null && ACTION.test(action) ? action : null,
    size: isPageSize(size) ? size : DEFAULT_PAGE_SIZE,
  };
}

/** The query string for a filter, other parameters kept; defaults are left out so plain `/audit` stays plain. */
export function auditFilterSearch(current: string, next: AuditFilter): string {
  const search = new URLSearchParams(current);
  if (next.action === null) search.delete("action");
  else search.set("action", next.action);
  if (next.size === DEFAULT_PAGE_SIZE) search.delete("size");
  else search.set("size", String(next.size));
  return search.toString();
}

export const sameFilter = (a: AuditFilter, b: AuditFilter) => a.action === b.action && a.size === b.size;
