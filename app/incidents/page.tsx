import { redirect } from "next/navigation";
import { DeclareForm } from "@/components/incidents/declare-form";
import { INCIDENT_LIST_LIMIT, IncidentList } from "@/components/incidents/incident-list";
import { hasRole } from "@/lib/roles";
import { currentUser } from "@/server/auth";
import { listIncidents } from "@/server/incidents";
import { getRuntime } from "@/server/runtime";

export const metadata = { title: "Incidents · Failover Console" };

/** Recent incidents for every signed-in role; operators may declare one (the API checks again). */
export default async function IncidentsPage() {
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=%2Fincidents");
  const incidents = await listIncidents((await getRuntime()).db, { limit: INCIDENT_LIST_LIMIT });
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Incidents</h1>
      <p className="max-w-3xl text-slate-700 dark:text-slate-300">
        An incident is a window with a commander and notes. Its timeline merges what the monitor saw, every decision and run step from the audit
        log, and the notes; the recovery figures are computed from those records, and the whole of it exports as a postmortem skeleton, JSON, CSV or
        PDF.
      </p>
      {hasRole(user.roles, "operator") ? <DeclareForm /> : null}
      <IncidentList initial={incidents} />
    </div>
  );
}
