"use client";

import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiGet } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { SessionUser } from "@/lib/session";

const MeResponse = z.object({ user: SessionUser });

/** GET /api/me: the signed-in user (the `queryKeys.me()` query's function). */
export async function fetchMe(): Promise<SessionUser> {
  return (await apiGet("/api/me", MeResponse)).user;
}

/** The signed-in user, seeded from the server render and refreshed in the background. */
export function useMe(initial: SessionUser) {
  return useQuery({
    queryKey: queryKeys.me(),
    queryFn: fetchMe,
    initialData: initial,
    staleTime: 60_000,
  });
}
