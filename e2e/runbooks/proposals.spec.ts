import { expect, test, type APIRequestContext, type PlaywrightWorkerArgs } from "@playwright/test";
import { DEMO, loginWithApi, type DemoUser } from "../fixtures/auth";

// One active proposal at a time, console-wide: these tests take turns and withdraw what they propose.
test.describe.configure({ mode: "serial" });

type ProposalReply = { proposal: { id: string; contentHash: string; status: string } };

async function as(playwright: PlaywrightWorkerArgs["playwright"], user: DemoUser): Promise<APIRequestContext> {
  const ctx = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect(await loginWithApi(ctx, user)).toBe(200);
  return ctx;
}

async function proposeWest(ctx: APIRequestContext): Promise<ProposalReply["proposal"]> {
  const res = await ctx.post("/api/proposals", {
    data: { runbook: "planned-failover", targetRegion: "us-west-2", reason: "e2e: rehearse a planned switchover" },
  });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as ProposalReply).proposal;
}

const errorOf = async (res: { json(): Promise<unknown> }) => ((await res.json()) as { error: { code: string; message: string; reason?: string } }).error;

test("an admin cannot approve their own proposal, whatever their roles", async ({ playwright }) => {
  const ada = await as(playwright, DEMO.admin);
  const proposal = await proposeWest(ada);
  const res = await ada.post(`/api/proposals/${proposal.id}/approve`, { data: { contentHash: proposal.contentHash, password: DEMO.admin.password } });
  expect(res.status()).toBe(403);
  expect(await errorOf(res)).toMatchObject({ reason: "self-approval" });
  expect(((await (await ada.get(`/api/proposals/${proposal.id}`)).json()) as ProposalReply).proposal.status).toBe("pending");
  expect((await ada.post(`/api/proposals/${proposal.id}/cancel`, { data: { reason: "e2e cleanup" } })).status()).toBe(200);
  await ada.dispose();
});

test("a different approver approves the exact content after re-entering their password", async ({ playwright }) => {
  const olivia = await as(playwright, DEMO.operator);
  const adam = await as(playwright, DEMO.approver);
  const proposal = await proposeWest(olivia);
  // A second proposal while one is active is refused.
  const second = await olivia.post("/api/proposals", { data: { runbook: "planned-failover", targetRegion: "us-west-2", reason: "e2e: a second one at once" } });
  expect(second.status()).toBe(409);
  // The proposer holds no approver role: the route itself refuses.
  expect((await olivia.post(`/api/proposals/${proposal.id}/approve`, { data: { contentHash: proposal.contentHash } })).status()).toBe(403);
  const wrongPassword = await adam.post(`/api/proposals/${proposal.id}/approve`, { data: { contentHash: proposal.contentHash, password: "not-it" } });
  expect(wrongPassword.status()).toBe(403);
  const wrongHash = await adam.post(`/api/proposals/${proposal.id}/approve`, { data: { contentHash: "0".repeat(64), password: DEMO.approver.password } });
  expect(wrongHash.status()).toBe(409);
  const ok = await adam.post(`/api/proposals/${proposal.id}/approve`, { data: { contentHash: proposal.contentHash, password: DEMO.approver.password } });
  expect(ok.status(), await ok.text()).toBe(200);
  expect(((await ok.json()) as ProposalReply).proposal.status).toBe("approved");
  // Every refusal and the approval are in the audit log.
  const audit = (await (await adam.get("/api/audit?limit=50")).json()) as { records: { action: string; payload: { proposalId?: string } }[] };
  const mine = audit.records.filter((r) => r.payload.proposalId === proposal.id).map((r) => r.action);
  expect(mine).toEqual(expect.arrayContaining(["proposal.created", "approval.refused", "proposal.approved", "run.started"]));
  // The approval started the run: it can no longer be cancelled, only its run aborted.
  const cancel = await olivia.post(`/api/proposals/${proposal.id}/cancel`, { data: { reason: "e2e cleanup" } });
  expect(cancel.status()).toBe(409);
  expect(await errorOf(cancel)).toMatchObject({ reason: "run-started" });
  // Leave the world as found: let the run finish, then move writes back to us-east-1.
  const runId = (((await ok.json()) as { proposal: { runId: string } }).proposal).runId;
  await expect.poll(async () => ((await (await adam.get(`/api/runs/${runId}`)).json()) as { run: { status: string } }).run.status, { timeout: 30_000 }).toBe("succeeded");
  // Propose from the console's view once it has seen the new writer (the evidence comes from it).
  const writer = async () => ((await (await adam.get("/api/state")).json()) as { verdict: { writer: { region: string } | null } }).verdict.writer?.region;
  await expect.poll(writer, { timeout: 15_000 }).toBe("us-west-2");
  const back = await olivia.post("/api/proposals", { data: { runbook: "planned-failover", targetRegion: "us-east-1", reason: "e2e: move writes back" } });
  expect(back.status(), await back.text()).toBe(201);
  const again = ((await back.json()) as ProposalReply).proposal;
  const approvedBack = await adam.post(`/api/proposals/${again.id}/approve`, { data: { contentHash: again.contentHash, password: DEMO.approver.password } });
  expect(approvedBack.status(), await approvedBack.text()).toBe(200);
  const backRun = (((await approvedBack.json()) as { proposal: { runId: string } }).proposal).runId;
  await expect.poll(async () => ((await (await adam.get(`/api/runs/${backRun}`)).json()) as { run: { status: string } }).run.status, { timeout: 30_000 }).toBe("succeeded");
  await Promise.all([olivia.dispose(), adam.dispose()]);
});

test("an unplanned failover must acknowledge the expected data loss", async ({ playwright }) => {
  const olivia = await as(playwright, DEMO.operator);
  const res = await olivia.post("/api/proposals", { data: { runbook: "unplanned-failover", targetRegion: "us-west-2", reason: "e2e: region outage drill" } });
  expect(res.status()).toBe(400);
  expect((await errorOf(res)).message).toMatch(/dataLossAck/);
  await olivia.dispose();
});
