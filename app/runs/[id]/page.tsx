import { notFound, redirect } from "next/navigation";
import { RunScreen } from "@/components/runs/run-screen";
import { currentUser } from "@/server/auth";
import { ServiceError } from "@/server/errors";
import { getRun } from "@/server/runbooks";
import { getRuntime } from "@/server/runtime";

export const metadata = { title: "Run · Failover Console" };

/** One run, live, for every signed-in role; the controls show for operators and approvers (the API checks again). */
export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(`/runs/${id}`)}`);
  const run = await getRun((await getRuntime()).db, id).catch((err: unknown) => {
    if (err instanceof ServiceError && err.code === "not_found") notFound();
    throw err;
  });
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Run</h1>
      <RunScreen initialRun={run} user={user} />
    </div>
  );
}
