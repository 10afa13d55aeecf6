import { NextRequest } from "next/server";
import { beforeEach, expect, it, vi } from "vitest";
import type { Incident } from "@/lib/incidents";
import type { Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { manualClock } from "@/server/clock";
import { defaultSimConfig } from "@/server/config";
import { tables, type Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { ServiceError } from "@/server/errors";
import { at, seedUser } from "@/server/incidents/testing";

// PostgreSQL refuses NUL (U+0000) in text and jsonb, so a NUL that reached a query used to be a
// 500. The route handlers as Next runs them, on both stores: each NUL must be a 400 that says so.
const state = vi.hoisted(() => ({ rt: null as unknown, user: null as SessionUser | null }));
vi.mock("@/server/runtime", () => ({ getRuntime: async () => state.rt }));
vi.mock("@/server/auth/session", () => ({
  requireUser: async (_req: unknown, anyOf: readonly Role[] = []) => {
    const user = state.user;
    if (!user) throw new ServiceError("unauthenticated", "sign in to use the console");
    if (anyOf.length > 0 && !anyOf.some((r) => user.roles.includes(r))) throw new ServiceError("forbidden", "role");
    return user;
  },
}));

const proposal = await import("@/app/api/proposals/[id]/route");
const reject = await import("@/app/api/proposals/[id]/reject/route");
const run = await import("@/app/api/runs/[id]/route");
const runAction = await import("@/app/api/runs/[id]/[action]/route");
const incidents = await import("@/app/api/incidents/route");
const incident = await import("@/app/api/incidents/[id]/route");
const notes = await import("@/app/api/incidents/[id]/notes/route");
const timeline = await import("@/app/api/incidents/[id]/timeline/route");
const { guardCredentialsLogin } = await import("@/server/auth/login-guard");

const NUL = "\u0000";
const ctx = <P,>(params: P) => ({ params: Promise.resolve(params) });
const get = (url: string) => new NextRequest(`http://console.test${url}`);
const post = (url: string, body: unknown) =>
  new NextRequest(`http://console.test${url}`, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });

async function refusal(res: Response): Promise<{ status: number; message: string }> {
  const body = (await res.json()) as { error?: { message?: string } };
  return { status: res.status, message: body.error?.message ?? "" };
}

let db: Db;
const clock = manualClock(at(0));

describeStores("NUL bytes in requests", (fresh) => {
  beforeEach(async () => {
    db = (await fresh()).db;
    state.rt = { db, clock, config: defaultSimConfig() };
    state.user = await seedUser(db, "ada", ["viewer", "operator", "approver", "admin"]);
  });

  it("an id with a NUL is a 400 naming the parameter, for proposals, runs and incidents", async () => {
    const id = `p1${NUL}`;
    expect(await refusal(await proposal.GET(get("/api/proposals/x"), ctx({ id })))).toEqual({ status: 400, message: 'route parameter "id" must not contain NUL bytes' });
    expect((await refusal(await reject.POST(post("/api/proposals/x/reject", { reason: "no" }), ctx({ id })))).status).toBe(400);
    expect((await refusal(await run.GET(get("/api/runs/x"), ctx({ id })))).status).toBe(400);
    expect((await refusal(await runAction.POST(post("/api/runs/x/abort", { reason: "stop" }), ctx({ id, action: "abort" })))).status).toBe(400);
    expect((await refusal(await incident.GET(get("/api/incidents/x"), ctx({ id })))).status).toBe(400);
  });

  it("a NUL in a free-text query parameter is a 400 naming it", async () => {
    const declared = await incidents.POST(post("/api/incidents", { title: "drill", severity: "sev2" }), ctx({}));
    const { id } = ((await declared.json()) as { incident: Incident }).incident;
    const res = await timeline.GET(get(`/api/incidents/${id}/timeline?region=us-east-1%00`), ctx({ id }));
    expect(await refusal(res)).toEqual({ status: 400, message: 'query parameter "region" must not contain NUL bytes' });
  });

  it("a NUL in a title, a note or a reason is a 400 naming the field; nothing is stored", async () => {
    const title = await incidents.POST(post("/api/incidents", { title: `drill${NUL}`, severity: "sev2" }), ctx({}));
    expect(await refusal(title)).toEqual({ status: 400, message: "invalid request body: title: must not contain NUL bytes" });

    const declared = await incidents.POST(post("/api/incidents", { title: "drill", severity: "sev2" }), ctx({}));
    expect(declared.status).toBe(201);
    const { id } = ((await declared.json()) as { incident: Incident }).incident;
    const note = await notes.POST(post(`/api/incidents/${id}/notes`, { text: `fenced${NUL}then promoted` }), ctx({ id }));
    expect(await refusal(note)).toEqual({ status: 400, message: "invalid request body: text: must not contain NUL bytes" });
    const fine = await notes.POST(post(`/api/incidents/${id}/notes`, { text: "fenced, then promoted" }), ctx({ id }));
    expect(fine.status).toBe(201);

    const reason = await reject.POST(post("/api/proposals/x/reject", { reason: `no${NUL}` }), ctx({ id: "x" }));
    expect(await refusal(reason)).toEqual({ status: 400, message: "invalid request body: reason: must not contain NUL bytes" });
    expect((await db.select().from(tables.incidentNotes)).map((n) => n.text)).toEqual(["fenced, then promoted"]);
    expect((await db.select().from(tables.incidents)).map((i) => i.title)).toEqual(["drill"]);
  });

  it("a login username with a NUL is a 400 before any query, not a 500", async () => {
    const body = new URLSearchParams({ username: `ada${NUL}`, password: "wrong", csrfToken: "t", json: "true" });
    const req = new NextRequest("http://console.test/api/auth/callback/credentials", {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    const res = await guardCredentialsLogin({ db, clock }, req);
    expect(res?.status).toBe(400);
    const json = (await res?.json()) as { url: string; error: { message: string } };
    expect(json.error.message).toBe("username must not contain NUL bytes");
    expect(new URL(json.url).pathname).toBe("/login");
  });
});
