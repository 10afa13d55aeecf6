import Link from "next/link";
import type { Incident } from "@/lib/incidents";
import type { SessionUser } from "@/lib/session";
import { UserMenu } from "@/components/auth/user-menu";
import { OpenIncidentBanner } from "@/components/incidents/open-incident-banner";
import { MainNav } from "./main-nav";

/** The console's header; for a signed-in user, the open incident (if any) right under it. */
export function Header({ user, openIncident }: { user: SessionUser | null; openIncident: Incident | null }) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-4 px-4 py-3 2xl:max-w-none 2xl:px-6 2xl:py-2">
        <div className="flex flex-wrap items-center gap-6">
          <Link href="/" className="text-lg font-bold tracking-tight">
            Failover Console
          </Link>
          {user ? <MainNav admin={user.roles.includes("admin")} /> : null}
        </div>
        {user ? <UserMenu initial={user} /> : null}
      </div>
      {user ? <OpenIncidentBanner initial={openIncident} /> : null}
    </header>
  );
}
