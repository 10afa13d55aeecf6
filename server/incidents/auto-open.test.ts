import { expect, it } from "vitest";
import type { Finding } from "@/lib/findings";
import type { Snapshot } from "@/lib/snapshot";
import { manualClock } from "@/server/clock";
import { IncidentsConfig } from "@/server/config";
import { tables } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { eq } from "drizzle-orm";
import { AutoOpener, closeIncident, declare, listIncidents } from ".";
import { harness } from "@/server/runbooks/testing";
import { auditActions, seedUser } from "./testing";

const splitBrain: Finding = {
  id: "split-brain",
  kind: "split-brain",
  severity: "critical",
  region: null,
  title: "Split brain: two regions own writes",
  detail: "both accept writes",
  evidence: [],
};
const lag: Finding = { ...splitBrain, id: "lag-over-budget:us-west-2", kind: "lag-over-budget", severity: "warning", region: "us-west-2", title: "Replication lag into us-west-2 is over budget" };

/** A monitor stand-in: the opener only subscribes, asks whether it has warmed up, and reads each snapshot's findings. */
function fakeMonitor() {
  let listener: ((s: Snapshot) => void) | null = null;
  return {
    warm: true,
    warmedUp() {
      return this.warm;
    },
    /** Each snapshot pushed stands for one poll cycle. */
    cycles: 0,
    pollCycles() {
      return this.cycles;
    },
    subscribe(l: (s: Snapshot) => void) {
      listener = l;
      return () => {
        listener = null;
      };
    },
    push(findings: Finding[], cycles = 1) {
      this.cycles += cycles;
      listener?.({ findings } as unknown as Snapshot);
    },
    get subscribed() {
      return listener !== null;
    },
  };
}

describeStores("incidents opened by a critical finding", (fresh) => {
  it("opens one incident as the console, titled from the finding, however often the finding flaps", async () => {
    const { db } = await fresh();
    const clock = manualClock(new Date("2026-03-01T12:00:00Z"));
    const monitor = fakeMonitor();
    const opener = new AutoOpener({ db, clock, config: IncidentsConfig.parse({ autoOpenAfterSeconds: 0 }), monitor });
    opener.start();
    monitor.push([lag]);
    await opener.settled();
    expect(await listIncidents(db, { limit: 5 })).toEqual([]);
    for (let i = 0; i < 10; i++) {
      monitor.push(i % 2 ? [lag] : [lag, splitBrain]);
      await opener.settled();
      clock.advance(1000);
    }
    const incidents = await listIncidents(db, { limit: 5 });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({
      title: "Split brain — writes may diverge in two regions",
      severity: "sev2",
      auto: true,
      commander: { id: "system", name: "system" },
      declaredBy: { id: "system", name: "system" },
      trigger: { findingId: "split-brain", kind: "split-brain", region: null },
      startedAt: "2026-03-01T12:00:00.000Z",
    });
    expect(await auditActions(db)).toEqual([
      { action: "incident.declared", payload: expect.objectContaining({ auto: true, findingId: "split-brain", title: "Split brain — writes may diverge in two regions" }) },
    ]);
    await opener.stop();
    expect(monitor.subscribed).toBe(false);
  });

  it("titles the incident by region and impact, not by the symptom that held first", async () => {
    const { db } = await fresh();
    const clock = manualClock(new Date("2026-03-01T12:00:00Z"));
    const monitor = fakeMonitor();
    const opener = new AutoOpener({ db, clock, config: IncidentsConfig.parse({ autoOpenAfterSeconds: 0 }), monitor });
    opener.start();
    const unknownAuthority: Finding = { ...splitBrain, id: "unknown-authority", kind: "unknown-authority", title: "Write authority unknown" };
    const down: Finding = { ...splitBrain, id: "region-unreachable:us-east-1", kind: "region-unreachable", region: "us-east-1", title: "Region us-east-1 is down" };
    monitor.push([unknownAuthority, down]);
    await opener.settled();
    const [incident] = await listIncidents(db, { limit: 5 });
    // The trigger still names the finding that held first; the title says what a commander needs.
    expect(incident).toMatchObject({ title: "us-east-1 down — writes unavailable", trigger: { findingId: "unknown-authority", title: "Write authority unknown" } });
    await opener.stop();
  });

  it("opens only for a critical finding that has held for autoOpenAfterSeconds without a gap", async () => {
    const { db } = await fresh();
    const clock = manualClock(new Date("2026-03-01T12:00:00Z"));
    const monitor = fakeMonitor();
    const opener = new AutoOpener({ db, clock, config: IncidentsConfig.parse({}), monitor });
    expect(IncidentsConfig.parse({}).autoOpenAfterSeconds).toBe(15);
    opener.start();
    const poll = async (findings: Finding[]) => {
      monitor.push(findings);
      await opener.settled();
      clock.advance(5_000);
    };
    // Present for 10 s, gone once, back: the hold starts again.
    for (const findings of [[splitBrain], [splitBrain], [splitBrain], [lag], [splitBrain], [splitBrain], [splitBrain]]) await poll(findings);
    expect(await listIncidents(db, { limit: 5 })).toEqual([]);
    await poll([lag, splitBrain]);
    const [incident] = await listIncidents(db, { limit: 5 });
    expect(incident).toMatchObject({ title: "Split brain — writes may diverge in two regions", startedAt: "2026-03-01T12:00:35.000Z" });
    await opener.stop();
  });

  it("while a run is in progress, no region holding authority is the run at work: no incident until it stops", async () => {
    const { db } = await fresh();
    const h = await harness(db);
    // The run's records are written on the harness's clock; the opener uses the same one.
    const { clock } = h;
    const monitor = fakeMonitor();
    const opener = new AutoOpener({ db, clock, config: IncidentsConfig.parse({ autoOpenAfterSeconds: 0, reopenCooldownMinutes: 0 }), monitor });
    opener.start();
    const noAuthority: Finding = { ...splitBrain, id: "no-authority", kind: "unknown-authority", title: "No region holds write authority" };
    const runId = await h.approved("planned-failover", "us-west-2");
    monitor.push([noAuthority]);
    await opener.settled();
    expect(await listIncidents(db, { limit: 5 })).toEqual([]);
    // Split brain during a run is still an incident.
    monitor.push([splitBrain]);
    await opener.settled();
    const [split] = await listIncidents(db, { limit: 5 });
    expect(split?.title).toBe("Split brain — writes may diverge in two regions");
    await closeIncident(db, clock, { user: h.olivia, id: split?.id ?? "", input: {} });
    // A run that stopped half-way leaves no writer: that is an incident.
    await db.update(tables.runs).set({ status: "failed" }).where(eq(tables.runs.id, runId));
    monitor.push([noAuthority]);
    await opener.settled();
    expect((await listIncidents(db, { limit: 5 })).map((i) => [i.title, i.status])).toEqual([
      ["No region holds write authority — writes unavailable", "open"],
      ["Split brain — writes may diverge in two regions", "closed"],
    ]);
    await opener.stop();
  });

  it("time alone is not enough: snapshots between two polls repeat the last read", async () => {
    const { db } = await fresh();
    const clock = manualClock(new Date("2026-03-01T12:00:00Z"));
    const monitor = fakeMonitor();
    const opener = new AutoOpener({ db, clock, config: IncidentsConfig.parse({}), monitor });
    opener.start();
    monitor.push([splitBrain]);
    // A slow cadence: six snapshots over 30 s, no new poll.
    for (let i = 0; i < 6; i++) {
      clock.advance(5_000);
      monitor.push([splitBrain], 0);
      await opener.settled();
    }
    expect(await listIncidents(db, { limit: 5 })).toEqual([]);
    monitor.push([splitBrain]);
    await opener.settled();
    expect(await listIncidents(db, { limit: 5 })).toEqual([]);
    monitor.push([splitBrain]);
    await opener.settled();
    expect(await listIncidents(db, { limit: 5 })).toHaveLength(1);
    await opener.stop();
  });

  it("opens nothing before every region has answered once: a restart's unknown signals are not an incident", async () => {
    const { db } = await fresh();
    const clock = manualClock(new Date("2026-03-01T12:00:00Z"));
    const monitor = fakeMonitor();
    monitor.warm = false;
    const opener = new AutoOpener({ db, clock, config: IncidentsConfig.parse({ autoOpenAfterSeconds: 0 }), monitor });
    opener.start();
    monitor.push([{ ...splitBrain, id: "unknown-data:us-west-2", kind: "unknown-data", region: "us-west-2", title: "2 signals in us-west-2 unknown" }]);
    await opener.settled();
    expect(await listIncidents(db, { limit: 5 })).toEqual([]);
    monitor.warm = true;
    monitor.push([splitBrain]);
    await opener.settled();
    expect((await listIncidents(db, { limit: 5 })).map((i) => i.title)).toEqual(["Split brain — writes may diverge in two regions"]);
    await opener.stop();
  });

  it("after a close, the finding still there opens a new incident only once the cool-down has passed", async () => {
    const { db } = await fresh();
    const clock = manualClock(new Date("2026-03-01T12:00:00Z"));
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const monitor = fakeMonitor();
    const opener = new AutoOpener({ db, clock, config: IncidentsConfig.parse({ reopenCooldownMinutes: 10, autoSeverity: "sev1", autoOpenAfterSeconds: 0 }), monitor });
    opener.start();
    monitor.push([splitBrain]);
    await opener.settled();
    const [first] = await listIncidents(db, { limit: 5 });
    if (!first) throw new Error("no incident opened");
    expect(first.severity).toBe("sev1");
    await closeIncident(db, clock, { user: olivia, id: first.id, input: {} });
    clock.advance(9 * 60_000);
    monitor.push([splitBrain]);
    await opener.settled();
    expect(await listIncidents(db, { limit: 5 })).toHaveLength(1);
    clock.advance(60_000);
    monitor.push([splitBrain]);
    await opener.settled();
    expect((await listIncidents(db, { limit: 5 })).map((i) => i.status)).toEqual(["open", "closed"]);
  });

  it("leaves a declared incident alone, and does nothing when autoOpen is off", async () => {
    const { db } = await fresh();
    const clock = manualClock();
    const olivia = await seedUser(db, "olivia", ["operator"]);
    await declare(db, clock, { user: olivia, input: { title: "already on it" } });
    const monitor = fakeMonitor();
    const opener = new AutoOpener({ db, clock, config: IncidentsConfig.parse({ autoOpenAfterSeconds: 0 }), monitor });
    opener.start();
    monitor.push([splitBrain]);
    await opener.settled();
    expect((await listIncidents(db, { limit: 5 })).map((i) => i.title)).toEqual(["already on it"]);

    const off = fakeMonitor();
    new AutoOpener({ db, clock, config: IncidentsConfig.parse({ autoOpen: false }), monitor: off }).start();
    expect(off.subscribed).toBe(false);
  });
});
