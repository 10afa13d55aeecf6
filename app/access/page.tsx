import { redirect } from "next/navigation";
import { AccessScreen } from "@/components/access/access-screen";
import { hasRole } from "@/lib/roles";
import { listAccessChanges } from "@/server/access";
import { currentUser } from "@/server/auth";
import { listUsers } from "@/server/auth/manage-users";
import { getRuntime } from "@/server/runtime";

export const metadata = { title: "Access · Failover Console" };

/** Admins: accounts, persons and privilege changes (each one proposed by one admin, approved by another). */
export default async function AccessPage() {
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=%2Faccess");
  if (!hasRole(user.roles, "admin")) {
    return <p role="alert">This page needs the admin role.</p>;
  }
  const { db } = await getRuntime();
  const [users, changes] = await Promise.all([listUsers(db), listAccessChanges(db)]);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Access</h1>
      <p className="max-w-3xl text-slate-700 dark:text-slate-300">
        Creating an account, changing roles, resetting a password or linking an account to a person takes two admins: one proposes, a
        different admin person approves with a fresh sign-in. An account whose privileges changed cannot approve a failover for the
        cooling-off period.
      </p>
      <AccessScreen me={user} initial={{ users, changes }} />
    </div>
  );
}
