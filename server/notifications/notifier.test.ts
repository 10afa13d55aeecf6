import { afterEach, expect, it } from "vitest";
import { propose, reject } from "@/server/approvals";
import { PLANNED, readiness, seedUser } from "@/server/approvals/testing";
import { appendAudit, AUDIT_ACTIONS } from "@/server/audit";
import { systemClock } from "@/server/clock";
import { describeStores } from "@/server/db/testing";
import { deliveries, hook, HMAC_KEY, pager, PUBLIC_URL, slack, startNotifier } from "./harness";
import type { Notifier } from "./notifier";
import { verify } from "./sign";
import { downUrl, startReceiver, type Receiver } from "./testing";

const cleanup: (() => Promise<void>)[] = [];
const track = <T extends Notifier | Receiver>(x: T): T => {
  cleanup.push(() => ("idle" in x ? x.stop() : x.close()));
  return x;
};

const proposeOne = async (db: Parameters<typeof propose>[0]) => {
  const olivia = await seedUser(db, `olivia-${Math.random().toString(36).slice(2, 8)}`, ["operator"]);
  return propose(db, systemClock, { user: olivia, input: PLANNED, sourceRegion: "us-east-1", readiness: readiness() });
};

// A fresh store each test, real sockets and retries, on a machine that may be busy.
const SLOW = 60_000;

describeStores("notifications", (fresh) => {
  // Registered after the store's own hook, so it runs before it: notifiers stop before their store closes.
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });
  it("a proposal awaiting approval reaches Slack as blocks with before → after and a link to the proposal", async () => {
    const store = await fresh();
    const chat = track(await startReceiver());
    track(await startNotifier(store, [slack(chat.url)]));
    const p = await proposeOne(store.db);
    await expect.poll(async () => (await deliveries(store.db))[0]?.status, { timeout: 15_000 }).toBe("delivered");
    expect(chat.received).toHaveLength(1);
    const message = JSON.stringify(chat.received[0]?.json);
    expect(message).toContain('"type":"header"');
    expect(message).toContain("Failover proposal awaiting approval");
    expect(message).toContain("us-east-1 → us-west-2");
    expect(message).toContain(`${PUBLIC_URL}/?proposal=${p.id}`);
    expect(await deliveries(store.db)).toMatchObject([{ destination: "chat", kind: "proposal.pending", status: "delivered", attempts: 1, lastStatus: 200 }]);
  }, SLOW);

  it("a signed webhook verifies by the documented procedure; a tampered body or an old timestamp does not", async () => {
    const store = await fresh();
    const receiver = track(await startReceiver());
    track(await startNotifier(store, [hook(receiver.url)]));
    await proposeOne(store.db);
    await expect.poll(() => receiver.received.length, { timeout: 15_000 }).toBe(1);
    const got = receiver.received[0];
    if (!got) throw new Error("nothing received");
    const headers = { timestamp: String(got.headers["x-console-timestamp"]), signature: String(got.headers["x-console-signature"]) };
    expect(headers.signature).toMatch(/^v1=[0-9a-f]{64}$/);
    expect(got.json).toMatchObject({ kind: "proposal.pending", change: { from: "us-east-1", to: "us-west-2" } });
    expect(verify(HMAC_KEY, headers, got.body, Date.now())).toEqual({ ok: true });
    expect(verify(HMAC_KEY, headers, got.body.replace("us-west-2", "us-east-2"), Date.now())).toEqual({ ok: false, reason: "signature mismatch" });
    expect(verify("x".repeat(40), headers, got.body, Date.now())).toMatchObject({ ok: false });
    expect(verify(HMAC_KEY, headers, got.body, Date.now() + 6 * 60_000)).toEqual({ ok: false, reason: "timestamp outside the 5 minute tolerance" });
  }, SLOW);

  it("PagerDuty: the proposal triggers an alert and its rejection resolves it with the same dedup key", async () => {
    const store = await fresh();
    const pd = track(await startReceiver(() => ({ status: 202, body: '{"status":"success"}' })));
    track(await startNotifier(store, [pager(pd.url)]));
    const p = await proposeOne(store.db);
    const olivia = await seedUser(store.db, "rita", ["operator", "approver"]);
    await reject(store.db, systemClock, { user: olivia, proposalId: p.id, input: { reason: "not now" } });
    await expect.poll(() => pd.received.length, { timeout: 15_000 }).toBe(2);
    const [trigger, resolve] = pd.received.map((r) => r.json as { event_action: string; dedup_key: string; routing_key: string; payload?: unknown });
    expect(trigger).toMatchObject({ event_action: "trigger", routing_key: "R0UT1NGKEY", dedup_key: `failover-console/proposal/${p.id}`, payload: { severity: "warning", source: "failover-console" } });
    expect(resolve).toEqual({ event_action: "resolve", routing_key: "R0UT1NGKEY", dedup_key: trigger?.dedup_key });
  }, SLOW);

  it("a receiver answering 500 is retried until it answers 200", async () => {
    const store = await fresh();
    const flaky = track(await startReceiver((n) => ({ status: n === 1 ? 500 : 200 })));
    track(await startNotifier(store, [slack(flaky.url)]));
    await proposeOne(store.db);
    await expect.poll(async () => (await deliveries(store.db))[0]?.status, { timeout: 15_000 }).toBe("delivered");
    expect(flaky.received).toHaveLength(2);
    expect(await deliveries(store.db)).toMatchObject([{ attempts: 2, lastStatus: 200, lastError: null }]);
  }, SLOW);

  it("a receiver that is down is retried with backoff, then given up with the reason; the action was never held up", async () => {
    const store = await fresh();
    track(await startNotifier(store, [slack(await downUrl())], { policy: { maxAttempts: 3 } }));
    const p = await proposeOne(store.db);
    expect(p.status).toBe("pending");
    await expect.poll(async () => (await deliveries(store.db))[0]?.status, { timeout: 15_000 }).toBe("gave_up");
    const [row] = await deliveries(store.db);
    expect(row).toMatchObject({ attempts: 3, lastStatus: null, lastError: expect.stringMatching(/ECONNREFUSED.*gave up after 3 attempts/) });
    expect(row?.lastError).not.toContain("secretpart");
  }, SLOW);

  it("a slow receiver is abandoned at the timeout and retried, and does not hold up a healthy destination", async () => {
    const store = await fresh();
    const slow = track(await startReceiver((n) => ({ status: 200, delayMs: n === 1 ? 10_000 : 0 })));
    const healthy = track(await startReceiver());
    track(await startNotifier(store, [slack(slow.url), hook(healthy.url)], { policy: { timeoutMs: 500 } }));
    await proposeOne(store.db);
    // The healthy one is delivered while the slow one's first attempt is still waiting.
    await expect.poll(async () => (await deliveries(store.db, "hook"))[0]?.status, { timeout: 15_000 }).toBe("delivered");
    expect((await deliveries(store.db, "chat"))[0]?.status).not.toBe("delivered");
    await expect.poll(async () => (await deliveries(store.db, "chat"))[0]?.status, { timeout: 15_000 }).toBe("delivered");
    expect(await deliveries(store.db, "chat")).toMatchObject([{ attempts: 2, lastStatus: 200 }]);
  }, SLOW);

  it("a 429 is retried no sooner than its Retry-After; any other 4xx is given up at once with the reason", async () => {
    const store = await fresh();
    const limited = track(await startReceiver((n) => (n === 1 ? { status: 429, headers: { "retry-after": "1" } } : { status: 200 })));
    const refusing = track(await startReceiver(() => ({ status: 400, body: "invalid_payload" })));
    track(await startNotifier(store, [slack(limited.url), hook(refusing.url)]));
    await proposeOne(store.db);
    await expect.poll(async () => (await deliveries(store.db, "chat"))[0]?.status, { timeout: 15_000 }).toBe("delivered");
    const [first, second] = limited.received;
    // Retry-After: 1 against a 20 ms backoff: the wait is the receiver's.
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(950);
    expect(await deliveries(store.db, "hook")).toMatchObject([{ status: "gave_up", attempts: 1, lastStatus: 400, lastError: expect.stringContaining("HTTP 400: invalid_payload") }]);
    expect(refusing.received).toHaveLength(1);
  }, SLOW);

  it("the action commits while every receiver hangs: sending is not part of it", async () => {
    const store = await fresh();
    const hanging = track(await startReceiver(() => "hang"));
    track(await startNotifier(store, [slack(hanging.url)], { policy: { timeoutMs: 30_000 } }));
    const p = await proposeOne(store.db);
    // The proposal is stored and answered while its notification is still on the wire.
    await expect.poll(() => hanging.received.length, { timeout: 15_000 }).toBe(1);
    expect(p.status).toBe("pending");
    expect(await deliveries(store.db)).toMatchObject([{ status: "sending", attempts: 1 }]);
  }, SLOW);

  it("records that report nothing are not sent; events a destination did not name are not sent to it", async () => {
    const store = await fresh();
    const chat = track(await startReceiver());
    const notifier = track(await startNotifier(store, [slack(chat.url, ["incident.opened"])]));
    await proposeOne(store.db);
    await appendAudit(store.db, systemClock, { actor: "system", actorName: "system", action: AUDIT_ACTIONS.runStepFailed, payload: { runId: "r1", title: "Fence", final: false, error: "timeout" } });
    notifier.wake();
    await notifier.idle();
    expect(await deliveries(store.db)).toEqual([]);
    expect(chat.received).toEqual([]);
  }, SLOW);
});
