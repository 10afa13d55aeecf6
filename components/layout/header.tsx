import Link from "next/link";
import type { SessionUser } from "@/lib/session";
import { UserMenu } from "@/components/auth/user-menu";
import { MainNav } from "./main-nav";

export function Header({ user }: { user: SessionUser | null }) {
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-7xl flex-wrap items-center justify-between gap-4 px-4 py-3">
        <div className="flex flex-wrap items-center gap-6">
          <Link href="/" className="text-lg font-bold tracking-tight">
            Failover Console
          </Link>
          {user ? <MainNav /> : null}
        </div>
        {user ? <UserMenu initial={user} /> : null}
      </div>
    </header>
  );
}
