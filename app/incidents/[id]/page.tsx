import { notFound, redirect } from "next/navigation";
import { parseTimelineFilter } from "@/components/incidents/filter";
import { currentUser } from "@/server/auth";
import { ServiceError } from "@/server/errors";
import { getIncidentDetail } from "@/server/incidents";
import { getRuntime } from "@/server/runtime";
import { IncidentView } from "./client";

export const metadata = { title: "Incident · Failover Console" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** One incident, its figures and its live timeline, for every signed-in role (the API checks the session again). */
export default async function IncidentPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Search }) {
  const { id } = await params;
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") search.set(k, v);
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/incidents/${id}${search.size ? `?${search.toString()}` : ""}`)}`);
  const runtime = await getRuntime();
  const detail = await getIncidentDetail(runtime.db, id).catch((err: unknown) => {
    if (err instanceof ServiceError && err.code === "not_found") notFound();
    throw err;
  });
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Incident</h1>
      <IncidentView initial={detail} user={user} regions={runtime.config.regions.map((r) => r.id)} initialFilter={parseTimelineFilter(search)} />
    </div>
  );
}
