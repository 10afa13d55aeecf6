import { redirect } from "next/navigation";
import { parseAuditFilter } from "@/components/audit/filter";
import { toView } from "@/components/audit/load-page";
import { listAudit } from "@/server/audit";
import { currentUser } from "@/server/auth";
import { getRuntime } from "@/server/runtime";
import { AuditLog } from "./client";

export const metadata = { title: "Audit log · Failover Console" };

type Search = Promise<Record<string, string | string[] | undefined>>;

/** The hash-chained audit log, for every signed-in role (the API checks the session again). */
export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(await searchParams)) if (typeof v === "string") params.set(k, v);
  const user = await currentUser();
  if (!user) redirect(`/login?callbackUrl=${encodeURIComponent(params.size ? `/audit?${params.toString()}` : "/audit")}`);
  const filter = parseAuditFilter(params);
  // The newest page is one indexed query: render it at once. A filtered view may read thousands of
  // records, and verification walks the whole log, so the browser fetches those after the page is up.
  const view = filter.action === null ? toView(await listAudit((await getRuntime()).db, { limit: filter.size })) : null;
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Audit log</h1>
      <p className="max-w-3xl text-slate-700 dark:text-slate-300">
        Every sign-in, drill, proposal and approval, append-only and hash-chained: each record&apos;s hash covers the one before it, so an
        edit, deletion or reordering shows up as the first broken record below.
      </p>
      <AuditLog initial={view ? { filter, view } : null} initialFilter={filter} />
    </div>
  );
}
