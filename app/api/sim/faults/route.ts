import { FaultToggle, type FaultsResponse } from "@/lib/sim";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { ServiceError } from "@/server/errors";
import { authed, readJson } from "@/server/http/route";
import { getRuntime, type Runtime } from "@/server/runtime";

function drills(rt: Runtime) {
  if (!rt.faults) throw new ServiceError("not_found", "drill faults exist only in sim mode");
  return rt.faults;
}

/** Which drill faults are on, per region (sim mode, admins). */
export const GET = authed(["admin"], async () => {
  const body: FaultsResponse = { faults: drills(await getRuntime()).faults() };
  return Response.json(body);
});

/** Turns one drill fault on or off; audited, and pushed to every screen on every replica at once. */
export const POST = authed(["admin"], async ({ req, user }) => {
  const rt = await getRuntime();
  const faults = drills(rt);
  const input = await readJson(req, FaultToggle);
  const regions = rt.config.regions.map((r) => r.id);
  if (!regions.includes(input.region)) {
    throw new ServiceError("invalid", `invalid request body: region: expected one of ${regions.join(", ")}`);
  }
  // Audited before it takes effect: no drill fault is ever on without a record of who did it.
  await appendAudit(rt.db, rt.clock, {
    actor: user.id,
    actorName: user.name,
    action: AUDIT_ACTIONS.faultToggled,
    payload: { region: input.region, fault: input.fault, active: input.active },
  });
  // Saved before the reply: the other replicas load it from the store (server/live/sim-world.ts).
  await faults.setFault(input.region, input.fault, input.active);
  rt.monitor.refresh();
  const body: FaultsResponse = { faults: faults.faults() };
  return Response.json(body);
});
