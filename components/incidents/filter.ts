import { Severity } from "@/lib/findings";
import { TIMELINE_KINDS, type TimelineKind } from "@/lib/incidents";

/**
 * What the timeline shows, kept in the URL (`?kind=signal,finding&region=us-east-1&severity=critical`)
 * so a link shows the same view. An empty list means "all"; filters combine with AND, as the API does.
 */
export interface TimelineFilter {
  kinds: TimelineKind[];
  region: string | null;
  severities: Severity[];
}

export const NO_FILTER: TimelineFilter = { kinds: [], region: null, severities: [] };
export const SEVERITIES = Severity.options;

// Region ids are AWS-style (`us-east-1`, `eu-central-1`); anything else in the URL is ignored.
const REGION = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** The listed values that are allowed, in the allowed order, once each; the rest of a malformed value is dropped. */
function listParam<T extends string>(raw: string | null, allowed: readonly T[]): T[] {
  const given = new Set((raw ?? "").split(",").map((s) => s.trim()));
  return allowed.filter((a) => given.has(a));
}

/** Reads the filter from a query string; malformed values fall back to "all" rather than erroring. */
export function parseTimelineFilter(params: Pick<URLSearchParams, "get">): TimelineFilter {
  const region = params.get("region");
  return {
    kinds: listParam(params.get("kind"), TIMELINE_KINDS),
    region: region !== null && REGION.test(region) ? region : null,
    severities: listParam(params.get("severity"), SEVERITIES),
  };
}

/** The filter as query parameters (the page's URL and the timeline API use the same names); "all" is left out. */
export function timelineFilterSearch(current: string, next: TimelineFilter): string {
  const search = new URLSearchParams(current);
  const set = (key: string, value: string) => (value ? search.set(key, value) : search.delete(key));
  set("kind", next.kinds.join(","));
  set("region", next.region ?? "");
  set("severity", next.severities.join(","));
  return search.toString();
}

export const isFiltered = (f: TimelineFilter) => f.kinds.length > 0 || f.region !== null || f.severities.length > 0;

/** Toggles one value in a list filter, keeping the allowed order. */
export function toggled<T extends string>(list: readonly T[], value: T, allowed: readonly T[]): T[] {
  const next = new Set(list);
  if (next.has(value)) next.delete(value);
  else next.add(value);
  return allowed.filter((a) => next.has(a));
}

/** What the filter shows, in words, for the table's caption and the empty state. */
export function describeFilter(f: TimelineFilter): string {
  if (!isFiltered(f)) return "all events";
  const parts = [
    f.kinds.length ? `${f.kinds.join(" and ")} events` : "events",
    f.region ? `in ${f.region}` : "",
    f.severities.length ? `of severity ${f.severities.join(" or ")}` : "",
  ];
  return parts.filter(Boolean).join(" ");
}
