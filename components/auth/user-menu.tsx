"use client";

import Link from "next/link";
import type { SessionUser } from "@/lib/session";
import { Badge } from "@/components/ui/badge";
import { useMe } from "./use-me";

/** Who is signed in and with which roles — in the header of every page. */
export function UserMenu({ initial }: { initial: SessionUser }) {
  const { data: user } = useMe(initial);
  return (
    <div className="flex items-center gap-3 text-sm" aria-label="Signed-in user">
      <span>
        Signed in as <strong data-testid="current-user">{user.name}</strong>{" "}
        <span className="text-slate-600 dark:text-slate-300">({user.username})</span>
      </span>
      <span className="flex gap-1" aria-label="Roles" data-testid="current-roles">
        {user.roles.map((r) => (
          <Badge key={r}>{r}</Badge>
        ))}
      </span>
      <Link href="/logout" className="font-medium text-sky-700 underline dark:text-sky-400">
        Sign out
      </Link>
    </div>
  );
}
