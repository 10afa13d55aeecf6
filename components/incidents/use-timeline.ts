"use client";

import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect, useMemo } from "react";
import { apiGet } from "@/lib/api-client";
import { eventCursor, SOURCE_RANK, TimelinePage, type TimelineEvent } from "@/lib/incidents";
import { queryKeys } from "@/lib/query-keys";
import { timelineFilterSearch, type TimelineFilter } from "./filter";

/** Events per page: enough to read a short incident at once, small enough for one of 100,000 events. */
export const TIMELINE_PAGE_SIZE = 200;
/** How often an open incident's timeline asks for what happened since its last event. */
export const TIMELINE_POLL_MS = 2_000;
/**
 * While the incident is open, pages load by themselves up to this many (5,000 events), so the
 * commander sees the newest events without clicking; past it, "Load more" goes on by hand.
 */
export const AUTO_LOAD_PAGES = 25;

type Pages = InfiniteData<TimelinePage, string | null>;

function timelineUrl(id: string, filterSearch: string, after: string | null, limit = TIMELINE_PAGE_SIZE): string {
  const search = new URLSearchParams(filterSearch);
  if (after) search.set("after", after);
  search.set("limit", String(limit));
  return `/api/incidents/${encodeURIComponent(id)}/timeline?${search.toString()}`;
}

/**
 * How far back each poll of the tail re-reads. A row can be committed a moment after its own time
 * (the monitor records transitions in the background, audit appends race): a poll that asked only
 * for what came after the last event shown would skip it until a reload.
 */
export const TAIL_OVERLAP_MS = 10_000;
/** The tail's page: a burst of more than this within the overlap hands over to "Load more". */
export const TAIL_LIMIT = 1_000;

const keyOf = (e: TimelineEvent) => `${e.source.table}:${e.source.id}`;
const timelineOrder = (a: TimelineEvent, b: TimelineEvent) =>
  Date.parse(a.at) - Date.parse(b.at) || SOURCE_RANK[a.source.table] - SOURCE_RANK[b.source.table] || Number(a.source.id) - Number(b.source.id);

/** Where the tail reads from: TAIL_OVERLAP_MS before the last event loaded (or the last page's cursor when there is none). */
export function tailStart(data: Pages): string | null {
  const last = data.pages.findLast((p) => p.events.length > 0)?.events.at(-1);
  if (!last) return data.pages.at(-1)?.nextCursor ?? null;
  return `${Math.max(0, Date.parse(last.at) - TAIL_OVERLAP_MS)}.0.0`;
}

/**
 * Merges a tail page into the last loaded page: events already loaded are dropped (the overlap,
 * or a poll that raced another), late ones take their place in time order, and the cursor moves
 * to the last event. Returns the data unchanged when nothing is new.
 */
export function mergeTail(data: Pages, tail: TimelinePage): Pages {
  const last = data.pages.at(-1);
  if (!last) return data;
  const known = new Set<string>();
  const from = tail.events[0] ? Date.parse(tail.events[0].at) : Infinity;
  for (const page of [...data.pages].reverse()) {
    for (const e of page.events) known.add(keyOf(e));
    if (page.events[0] && Date.parse(page.events[0].at) < from) break;
  }
  const fresh = tail.events.filter((e) => !known.has(keyOf(e)));
  if (fresh.length === 0 && !tail.more) return data;
  const events = [...last.events, ...fresh].sort(timelineOrder);
  const end = events.at(-1);
  const merged: TimelinePage = { events, nextCursor: end ? eventCursor(end) : last.nextCursor, more: tail.more, window: tail.window };
  return { ...data, pages: [...data.pages.slice(0, -1), merged] };
}

/**
 * The incident's timeline under a filter, oldest first, a page at a time (keyset `after`); while
 * the incident is open, the first AUTO_LOAD_PAGES load by themselves. Once every page is loaded, a
 * tail query asks every 2 s for what came since shortly before the last event and merges what is
 * new into the last page — so following a live incident re-reads seconds, not the whole timeline.
 */
export function useTimeline(id: string, filter: TimelineFilter, open: boolean) {
  const queryClient = useQueryClient();
  const filterSearch = timelineFilterSearch("", filter);
  const key = queryKeys.incidentTimeline(id, filterSearch);
  const pages = useInfiniteQuery({
    queryKey: key,
    queryFn: ({ pageParam }) => apiGet(timelineUrl(id, filterSearch, pageParam), TimelinePage),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.more ? last.nextCursor : undefined),
    // Pages are appended to, never re-read on focus: the tail keeps them current.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

  const loaded = pages.data?.pages.length ?? 0;
  const { hasNextPage, isFetchingNextPage, isFetchNextPageError, fetchNextPage } = pages;
  useEffect(() => {
    // Not after a failed page (its retries are spent): "Load more" is there to try again.
    if (open && hasNextPage && !isFetchingNextPage && !isFetchNextPageError && loaded < AUTO_LOAD_PAGES) void fetchNextPage();
  }, [open, hasNextPage, isFetchingNextPage, isFetchNextPageError, loaded, fetchNextPage]);

  // The tail runs whenever every page is loaded; it polls only while the incident is open. A
  // closed incident's tail still answers an invalidation (useIncident's, on close), so the close
  // record itself shows up.
  const atEnd = pages.isSuccess && !pages.hasNextPage && !pages.isFetchingNextPage;
  const following = open && atEnd;
  const tail = useQuery({
    queryKey: queryKeys.incidentTimelineTail(id, filterSearch),
    queryFn: async () => {
      const data = queryClient.getQueryData<Pages>(key);
      const page = await apiGet(timelineUrl(id, filterSearch, data ? tailStart(data) : null, TAIL_LIMIT), TimelinePage);
      queryClient.setQueryData<Pages>(key, (prev) => (prev ? mergeTail(prev, page) : prev));
      return { checkedAt: Date.now() };
    },
    enabled: atEnd,
    refetchInterval: following ? TIMELINE_POLL_MS : false,
    refetchIntervalInBackground: true,
  });

  const events = useMemo(() => pages.data?.pages.flatMap((p) => p.events) ?? [], [pages.data]);
  const window = pages.data?.pages.at(-1)?.window ?? null;
  /** Open, but too long to load by itself: following live waits until the reader loads the rest. */
  const waitingForReader = open && !!hasNextPage && loaded >= AUTO_LOAD_PAGES;
  return { pages, tail, events, window, following, waitingForReader };
}
