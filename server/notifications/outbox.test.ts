import { afterEach, expect, it } from "vitest";
import { closeIncident, declare } from "@/server/incidents";
import { expireDue, propose } from "@/server/approvals";
import { PLANNED, readiness, seedUser } from "@/server/approvals/testing";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { systemClock } from "@/server/clock";
import { writeSetting, type Store } from "@/server/db";
import { anotherConnection, describeStores } from "@/server/db/testing";
import { Leadership } from "@/server/leader";
import { deliveries, hook, PUBLIC_URL, slack, startNotifier } from "./harness";
import type { Notifier } from "./notifier";
import { CURSOR_KEY, enqueue } from "./outbox";
import { startReceiver, type Receiver } from "./testing";

const cleanup: (() => Promise<void>)[] = [];
const track = <T extends Notifier | Receiver | Leadership | Store>(x: T): T => {
  cleanup.push(() => ("idle" in x ? x.stop() : "tick" in x ? x.stop() : x.close()));
  return x;
};

// A fresh store each test, real sockets and retries, on a machine that may be busy.
const SLOW = 60_000;

describeStores("notification outbox", (fresh) => {
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  }, SLOW);

  it("every event kind in the issue becomes one message: expired, run step failed (last attempt), run finished, incident opened and closed, critical finding held and cleared", async () => {
    const store = await fresh();
    const chat = track(await startReceiver());
    const notifier = track(await startNotifier(store, [slack(chat.url)]));
    const olivia = await seedUser(store.db, "olivia", ["operator"]);
    const p = await propose(store.db, { now: () => new Date(Date.now() - 30 * 60_000), sleep: systemClock.sleep }, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    await expireDue(store.db, systemClock);
    const system = { actor: "system", actorName: "system" } as const;
    const run = { runId: "run-1", proposalId: p.id, title: "Promote us-west-2", targetRegion: "us-west-2" };
    await appendAudit(store.db, systemClock, { ...system, action: AUDIT_ACTIONS.runStepFailed, payload: { ...run, attempt: 1, error: "throttled", final: false } });
    await appendAudit(store.db, systemClock, { ...system, action: AUDIT_ACTIONS.runStepFailed, payload: { ...run, attempt: 3, error: "throttled", final: true } });
    await appendAudit(store.db, systemClock, { ...system, action: AUDIT_ACTIONS.runSucceeded, payload: { ...run, reason: null } });
    const incident = await declare(store.db, systemClock, { user: olivia, input: { title: "us-east-1 down", severity: "sev1" } });
    await closeIncident(store.db, systemClock, { user: olivia, id: incident.id, input: { resolution: "failed over" } });
    await appendAudit(store.db, systemClock, { ...system, action: AUDIT_ACTIONS.findingCriticalHeld, payload: { findingId: "split-brain", title: "Split brain", region: null, heldMs: 15_000 } });
    await appendAudit(store.db, systemClock, { ...system, action: AUDIT_ACTIONS.findingCriticalCleared, payload: { findingId: "split-brain", title: "Split brain", region: null, heldMs: 42_000 } });
    notifier.wake();
    await expect.poll(() => chat.received.length, { timeout: 15_000 }).toBe(8);
    const rows = await deliveries(store.db);
    expect(rows.map((r) => r.kind)).toEqual(["proposal.pending", "proposal.expired", "run.step_failed", "run.finished", "incident.opened", "incident.closed", "finding.critical_held", "finding.critical_cleared"]);
    // Sent concurrently: the order of arrival is not the order of events.
    const bodies = chat.received.map((r) => JSON.stringify(r.json));
    expect(bodies.find((b) => b.includes("Run step failed"))).toContain("Promote us-west-2 failed: throttled");
    expect(bodies.find((b) => b.includes("Incident opened"))).toContain(`${PUBLIC_URL}/incidents/${incident.id}`);
  }, SLOW);

  it("a destination told that something opened is told it closed, though its events name only the opening (the PagerDuty alert resolves)", async () => {
    const store = await fresh();
    const held = { ...hook("http://127.0.0.1:9/"), name: "held-only", events: ["finding.critical_held"] as const };
    const options = { destinations: [held], publicUrl: null, maxAgeMs: 3_600_000 };
    await enqueue(store.db, systemClock, options);
    const system = { actor: "system", actorName: "system" } as const;
    const payload = { findingId: "split-brain", title: "Split brain", region: null };
    await appendAudit(store.db, systemClock, { ...system, action: AUDIT_ACTIONS.findingCriticalHeld, payload: { ...payload, heldMs: 15_000 } });
    await appendAudit(store.db, systemClock, { ...system, action: AUDIT_ACTIONS.incidentDeclared, payload: { incidentId: "i-1", title: "x", severity: "sev1" } });
    await appendAudit(store.db, systemClock, { ...system, action: AUDIT_ACTIONS.findingCriticalCleared, payload: { ...payload, heldMs: 42_000 } });
    await enqueue(store.db, systemClock, options);
    const rows = await deliveries(store.db);
    expect(rows.map((r) => r.kind)).toEqual(["finding.critical_held", "finding.critical_cleared"]);
    const [trigger, resolve] = rows.map((r) => r.event as { pager: string; subject: { id: string } });
    expect([trigger?.pager, resolve?.pager]).toEqual(["trigger", "resolve"]);
    expect(resolve?.subject).toEqual(trigger?.subject);
  }, SLOW);

  it("an audit record is enqueued once per destination, however often it is read", async () => {
    const store = await fresh();
    const options = { destinations: [hook("http://127.0.0.1:9/")], publicUrl: null, maxAgeMs: 3_600_000 };
    await enqueue(store.db, systemClock, options);
    const olivia = await seedUser(store.db, "olivia", ["operator"]);
    await propose(store.db, systemClock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
    await enqueue(store.db, systemClock, options);
    // A replica (or a restart) that read from an older cursor again.
    await writeSetting(store.db, CURSOR_KEY, "0", new Date());
    await Promise.all([enqueue(store.db, systemClock, options), enqueue(store.db, systemClock, options)]);
    expect(await deliveries(store.db)).toHaveLength(1);
  }, SLOW);

  it("two replicas on one store: only the leader sends, and each delivery is sent once", async () => {
    const first = await fresh();
    const second = track(await anotherConnection(first));
    const receiver = track(await startReceiver());
    const replicas = [first, second].map((s, i) => track(new Leadership({ db: s.db, clock: systemClock, replica: `r${i}`, region: null, ttlMs: 10_000 })));
    for (const r of replicas) await r.tick();
    expect(replicas.filter((r) => r.isLeader())).toHaveLength(1);
    const notifiers = [];
    for (const [i, s] of [first, second].entries()) notifiers.push(track(await startNotifier(s, [hook(receiver.url)], { fence: replicas[i] })));
    for (let i = 0; i < 10; i++) {
      await appendAudit(first.db, systemClock, { actor: "a", actorName: "Admin", action: AUDIT_ACTIONS.notificationTestRequested, payload: {} });
      for (const n of notifiers) n.wake();
    }
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(10);
    await Promise.all(notifiers.map((n) => n.idle()));
    const seqs = receiver.received.map((r) => (r.json as { seq: number }).seq);
    expect(new Set(seqs).size).toBe(10);
    expect((await deliveries(first.db)).every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
  }, SLOW);
});
