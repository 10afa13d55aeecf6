import { redirect } from "next/navigation";
import { hasRole } from "@/lib/roles";
import { currentUser } from "@/server/auth";
import { currentSnapshot } from "@/server/monitor";
import { getRuntime } from "@/server/runtime";
import { Dashboard } from "./client";

export default async function HomePage() {
  const user = await currentUser();
  if (!user) redirect("/login?callbackUrl=%2F");
  const [{ config }, snapshot] = await Promise.all([getRuntime(), currentSnapshot()]);
  // The drill panel is a convenience; POST /api/sim/faults checks mode and role again.
  const canDrill = config.mode === "sim" && hasRole(user.roles, "admin");
  return (
    <div className="flex flex-col gap-4 2xl:gap-2">
      <h1 className="text-2xl font-bold 2xl:text-xl">
        {config.application.name}: {snapshot.regions.map((r) => r.id).join(" ↔ ")}
      </h1>
      <Dashboard initialSnapshot={snapshot} canDrill={canDrill} />
    </div>
  );
}
