import { redirect } from "next/navigation";
import { RUN_LIST_LIMIT, RunList } from "@/components/runs/run-list";
import { currentUser } from "@/server/auth";
import { listRuns } from "@/server/runbooks";
import { getRuntime } from "@/server/runtime";

export const metadata = { title: "Runs · Failover Console" };

/** Recent runbook runs, for every signed-in role (the API checks the session again). */
export default async function RunsPage() {
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=%2Fruns");
  const runs = await listRuns((await getRuntime()).db, RUN_LIST_LIMIT);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Runs</h1>
      <p className="max-w-3xl text-slate-700 dark:text-slate-300">
        Each approved proposal runs its runbook step by step. Open a run to follow it live, and to pause, resume, retry or abort it.
      </p>
      <RunList initialRuns={runs} />
    </div>
  );
}
