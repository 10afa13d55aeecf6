import { expect, it } from "vitest";
import { IncidentExport, type Incident, type TimelineEvent } from "@/lib/incidents";
import { verifyAudit } from "@/server/audit";
import { IncidentsConfig } from "@/server/config";
import { describeStores } from "@/server/db/testing";
import { Monitor } from "@/server/monitor/monitor";
import { EAST, eventually, harness, WEST } from "@/server/runbooks/testing";
import { getRun } from "@/server/runbooks/store";
import { AutoOpener, closeIncident, exportIncident, listIncidents } from ".";
import { collect, readPdf } from "./export/testing";

const BAD: Record<string, string[]> = { health: ["unhealthy"], "lag-budget": ["over budget"], "control-plane": ["impaired"], signal: ["stale", "unknown"] };
const t = (e: TimelineEvent | undefined) => (e ? Date.parse(e.at) : NaN);

/**
 * The recovery figures worked out by hand from the exported rows, the way a reviewer would check
 * them with the README's definitions in front of them — written apart from figures.ts on purpose.
 */
function byHand(incidentId: string, events: readonly TimelineEvent[]) {
  const first = (p: (e: TimelineEvent) => boolean) => events.find(p);
  const impact = first((e) => (e.kind === "signal" && (BAD[e.type] ?? []).includes(String(e.data.to))) || (e.kind === "finding" && e.data.to === "raised" && (e.severity === "warning" || e.severity === "critical")));
  const critical = first((e) => e.kind === "finding" && e.data.to === "raised" && e.severity === "critical");
  const declared = first((e) => e.type === "incident.declared" && e.data.incidentId === incidentId);
  const detected = Math.min(t(critical), t(declared));
  const failover = first((e) => e.type === "run.started" && e.data.runbook === "unplanned-failover");
  const runId = failover?.data.runId;
  const target = String(failover?.data.targetRegion);
  const created = first((e) => e.type === "proposal.created" && e.data.proposalId === failover?.data.proposalId);
  const approved = first((e) => e.type === "proposal.approved" && e.data.proposalId === failover?.data.proposalId);
  const verified = first((e) => e.type === "run.step_succeeded" && e.data.runId === runId && e.data.step === "verify-target");
  // Recovered when the monitor has seen traffic On in the target with every one of its health checks last seen healthy.
  const health = new Map<string, string>();
  let on = false;
  let recovered = Infinity;
  for (const e of events) {
    if (e.kind !== "signal" || e.region !== target || t(e) < t(failover)) {
      if (e.kind === "signal" && e.type === "health" && e.region === target) health.set(String(e.data.subject), String(e.data.to));
      continue;
    }
    if (e.type === "health") health.set(String(e.data.subject), String(e.data.to));
    if (e.type === "routing" && e.data.to === "On") on = true;
    if (on && (e.type === "routing" || e.type === "health") && [...health.values()].every((v) => v === "healthy")) {
      recovered = t(e);
      break;
    }
  }
  const failoverDone = first((e) => e.type === "run.succeeded" && e.data.runId === runId);
  const failback = first((e) => e.type === "run.started" && e.data.runbook === "failback");
  const failbackDone = first((e) => e.type === "run.succeeded" && e.data.runId === failback?.data.runId);
  return {
    firstImpact: impact?.at ?? null,
    detected: new Date(detected).toISOString(),
    timeToDetect: Math.max(0, detected - t(impact)),
    timeToDecide: t(approved) - t(created),
    timeToRecover: Math.min(recovered, t(verified)) - t(impact),
    dataLoss: failoverDone?.data.rpoEstimateMs ?? null,
    timeToFailback: t(failbackDone) - t(failoverDone),
  };
}

/**
 * A whole drill on the simulated world, the way the console records it: the monitor writes
 * observations, the auto-opener opens the incident on the critical finding, an unplanned failover
 * and then a failback run, the incident is closed — and the figures come out of those records.
 */
describeStores("a drill, recorded and exported", (fresh) => {
  it("region outage → incident opened → unplanned failover → failback: every figure computed", { timeout: 240_000 }, async () => {
    const { db } = await fresh();
    // Sim speed 10, not the executor tests' 100: at 100 a step's 30 s timeout is 300 ms of wall time, and on a
    // loaded 2-core machine the failback's preflight (two live reads of both regions) ran out of it.
    const h = await harness(db, {}, {}, 10);
    const config = { ...h.config, monitor: { ...h.config.monitor, cadenceSeconds: 1, callTimeoutMs: 500 } };
    const monitor = new Monitor({ config, provider: h.world, faults: h.world, clock: h.clock, db });
    const opener = new AutoOpener({ db, clock: h.clock, config: IncidentsConfig.parse({}), monitor });
    monitor.start();
    opener.start();
    const executor = h.executor();
    try {
      await eventually(async () => monitor.pollCycles() >= 6, "the monitor's first polls");
      h.world.setFault(EAST, "region-outage", true);
      let incident: Incident | undefined;
      await eventually(async () => {
        [incident] = await listIncidents(db, { status: "open", limit: 1 });
        return incident !== undefined;
      }, "an incident opened by a critical finding");
      if (!incident) throw new Error("unreachable");
      expect(incident).toMatchObject({ auto: true, declaredBy: { id: "system" }, title: expect.stringMatching(/^us-east-1 (down|unreachable) — writes unavailable$/) });

      const failover = await h.approved("unplanned-failover", WEST, "us-east-1 is dark; promote us-west-2");
      executor.kick(failover);
      await executor.settled(failover);
      expect((await getRun(db, failover)).status).toBe("succeeded");
      // Let the monitor see traffic On in us-west-2 before the region comes back.
      await eventually(async () => monitor.snapshot().regions[1].routingControls.value?.[0]?.state === "On", "us-west-2 On in the snapshot");
      h.world.setFault(EAST, "region-outage", false);
      await eventually(async () => monitor.snapshot().regions[0].aurora.status === "ok", "us-east-1 readable again");
      const back = await h.approved("failback", EAST, "us-east-1 recovered; return writes");
      executor.kick(back);
      await executor.settled(back);
      expect((await getRun(db, back)).status).toBe("succeeded");
      await h.clock.sleep(3000);
      const closed = await closeIncident(db, h.clock, { user: h.olivia, id: incident.id, input: { resolution: "drill complete" } });
      expect(closed.status).toBe("closed");
      expect(await listIncidents(db, { limit: 5 })).toHaveLength(1);

      const file = await exportIncident(db, h.clock, incident.id, "json", { dnsTtlSeconds: 60, lagBudgetMs: 1000 });
      const doc = IncidentExport.parse(JSON.parse((await collect(file.body)).toString("utf8")));
      const f = doc.figures;
      const values = Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.kind === "moment" ? v.at : v.ms]));
      for (const [name, value] of Object.entries(values)) expect(value, `${name}: ${f[name as keyof typeof f].explanation}`).not.toBeNull();
      expect(Date.parse(f.firstImpact.at ?? "")).toBeLessThanOrEqual(Date.parse(f.detected.at ?? ""));
      expect(f.dataLoss.ms).toBe((await getRun(db, failover)).rpoEstimateMs);
      // Every figure equals the one worked out by hand from the exported timeline, and links rows of it.
      expect(values).toMatchObject(byHand(incident.id, doc.events));
      const rows = new Set(doc.events.map((e) => `${e.source.table}:${e.source.id}`));
      for (const fig of Object.values(f)) for (const r of fig.refs) expect(rows.has(`${r.table}:${r.id}`), `${fig.label} links ${r.table}:${r.id}`).toBe(true);
      expect(f.timeToFailback.ms).toBeGreaterThan(0);
      expect([...new Set(doc.events.map((e) => e.type))]).toEqual(expect.arrayContaining(["finding", "incident.declared", "proposal.created", "proposal.approved", "run.started", "run.succeeded", "incident.closed"]));
      expect(doc.auditHead.hash).toBe((await verifyAudit(db)).headHash);

      const pdf = await exportIncident(db, h.clock, incident.id, "pdf", { dnsTtlSeconds: 60, lagBudgetMs: 1000 });
      const { pages } = readPdf(await collect(pdf.body));
      expect(pages[0]).toContain("Time to failback");
      expect(pages.slice(1).join("\n")).toContain("Run succeeded: failback to us-east-1");
    } finally {
      await opener.stop();
      await executor.stop();
      await monitor.stop();
      await h.world.close();
    }
  });
});
