import { redirect } from "next/navigation";
import { DeliveryLogScreen } from "@/components/notifications/delivery-log";
import { hasRole } from "@/lib/roles";
import { currentUser } from "@/server/auth";
import { listDeliveries } from "@/server/notifications";
import { getRuntime } from "@/server/runtime";

export const metadata = { title: "Notifications · Failover Console" };

/** Admins: the notification destinations and the delivery log (the API checks the role again). */
export default async function NotificationsPage() {
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=%2Fnotifications");
  if (!hasRole(user.roles, "admin")) {
    return <p role="alert">This page needs the admin role.</p>;
  }
  const rt = await getRuntime();
  const initial = await listDeliveries(rt.db, rt.notifications.destinations);
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-bold">Notifications</h1>
      <p className="max-w-3xl text-slate-700 dark:text-slate-300">
        Proposals, decisions, run failures and ends, incidents and held critical findings are sent to the destinations below by the
        leading replica, after the action is recorded — a receiver that is down or slow never holds an action up. Failed sends are
        retried with backoff; each row shows the last answer.
      </p>
      <DeliveryLogScreen initial={initial} />
    </div>
  );
}
