"use client";

import { useInfiniteQuery, useQuery, useQueryClient, type InfiniteData } from "@tanstack/react-query";
import { useEffect } from "react";
import { apiGet } from "@/lib/api-client";
import { TimelinePage } from "@/lib/incidents";
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

function timelineUrl(id: string, filterSearch: string, after: string | null): string {
  const search = new URLSearchParams(filterSearch);
  if (after) search.set("after", after);
  search.set("limit", String(TIMELINE_PAGE_SIZE));
  return `/api/incidents/${encodeURIComponent(id)}/timeline?${search.toString()}`;
}

/** Appends a tail page to the last loaded page: its events, and the cursor and `more` that now hold. */
export function appendTail(data: Pages, tail: TimelinePage): Pages {
  const last = data.pages.at(-1);
  if (!last) return data;
  const merged: TimelinePage = { events: [...last.events, ...tail.events], nextCursor: tail.nextCursor ?? last.nextCursor, more: tail.more, window: tail.window };
  return { ...data, pages: [...data.pages.slice(0, -1), merged] };
}

/**
 * The incident's timeline under a filter, oldest first, a page at a time (keyset `after`); while
 * the incident is open, the first AUTO_LOAD_PAGES load by themselves. Once every page is loaded, a
 * tail query asks every 2 s for what came after the last event and appends it to the last page —
 * so following a live incident never re-reads what is already on screen.
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
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pages;
  useEffect(() => {
    if (open && hasNextPage && !isFetchingNextPage && loaded < AUTO_LOAD_PAGES) void fetchNextPage();
  }, [open, hasNextPage, isFetchingNextPage, loaded, fetchNextPage]);

  // The tail runs whenever every page is loaded; it polls only while the incident is open. A
  // closed incident's tail still answers an invalidation, so the close record itself shows up.
  const atEnd = pages.isSuccess && !pages.hasNextPage && !pages.isFetchingNextPage;
  const following = open && atEnd;
  const tail = useQuery({
    queryKey: queryKeys.incidentTimelineTail(id, filterSearch),
    queryFn: async () => {
      const data = queryClient.getQueryData<Pages>(key);
      const after = data?.pages.at(-1)?.nextCursor ?? null;
      const page = await apiGet(timelineUrl(id, filterSearch, after), TimelinePage);
      if (page.events.length > 0) queryClient.setQueryData<Pages>(key, (prev) => (prev ? appendTail(prev, page) : prev));
      return { checkedAt: Date.now(), added: page.events.length };
    },
    enabled: atEnd,
    refetchInterval: following ? TIMELINE_POLL_MS : false,
    refetchIntervalInBackground: true,
  });

  const events = pages.data?.pages.flatMap((p) => p.events) ?? [];
  const window = pages.data?.pages.at(-1)?.window ?? null;
  /** Open, but too long to load by itself: following live waits until the reader loads the rest. */
  const waitingForReader = open && !!hasNextPage && loaded >= AUTO_LOAD_PAGES;
  return { pages, tail, events, window, following, waitingForReader };
}
