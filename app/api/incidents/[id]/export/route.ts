import { ROLES } from "@/lib/roles";
import { authed } from "@/server/http/route";
import { exportResponse } from "@/server/incidents";
import { getRuntime } from "@/server/runtime";

/** `?format=md|json|csv|pdf[&paper=a4|letter]`: the postmortem skeleton, JSON, CSV or print PDF, streamed, carrying the audit head. */
export const GET = authed<{ id: string }>(ROLES, async ({ req, params }) => exportResponse(await getRuntime(), params.id, req.nextUrl.searchParams));
