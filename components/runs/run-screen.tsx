"use client";

import Link from "next/link";
import { useNow } from "@/components/proposals/use-now";
import type { Run } from "@/lib/runs";
import type { SessionUser } from "@/lib/session";
import { RunControls } from "./run-controls";
import { RunHeader } from "./run-header";
import { RunSteps } from "./run-steps";
import { WayBack } from "./way-back";
import { isLive, useRun } from "./use-runs";

export interface RunScreenProps {
  /** The run as the server rendered it; polled every second from then on while it can still move. */
  initialRun: Run;
  user: SessionUser;
}

/** One run, live: header with status and RPO, the controls its status allows, then every step. */
export function RunScreen({ initialRun, user }: RunScreenProps) {
  const query = useRun(initialRun.id, initialRun);
  const run = query.data ?? initialRun;
  const now = useNow();
  return (
    <div className="flex flex-col gap-6">
      <RunHeader run={run} now={now} />
      {query.isError ? (
        <p role="alert" className="font-semibold text-red-800 dark:text-red-300">
          Could not refresh the run: {query.error.message}. {isLive(run.status) ? "What you see may be out of date." : ""}
        </p>
      ) : null}
      <RunControls run={run} user={user} />
      <WayBack run={run} />
      <RunSteps steps={run.steps} now={now} />
      <p>
        <Link href="/runs" className="font-medium text-sky-700 underline dark:text-sky-400">
          All runs
        </Link>
      </p>
    </div>
  );
}
