import { NextRequest } from "next/server";
import { beforeEach, expect, it, vi } from "vitest";
import { IncidentExport, type Incident } from "@/lib/incidents";
import type { Role } from "@/lib/roles";
import type { SessionUser } from "@/lib/session";
import { manualClock } from "@/server/clock";
import { defaultSimConfig } from "@/server/config";
import type { Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { ServiceError } from "@/server/errors";
import { at, seedUser } from "./testing";

// The route handlers as Next runs them, with the session and the runtime replaced: the session
// check keeps the real rule (a role from the list, or any role when the list is empty).
const state = vi.hoisted(() => ({ rt: null as unknown, user: null as SessionUser | null }));
vi.mock("@/server/runtime", () => ({ getRuntime: async () => state.rt }));
vi.mock("@/server/auth/session", () => ({
  requireUser: async (_req: unknown, anyOf: readonly Role[] = []) => {
    const user = state.user;
    if (!user) throw new ServiceError("unauthenticated", "sign in to use the console");
    if (anyOf.length > 0 && !anyOf.some((r) => user.roles.includes(r))) throw new ServiceError("forbidden", `this needs the ${anyOf.join(" or ")} role`);
    return user;
  },
}));

const incidents = await import("@/app/api/incidents/route");
const notes = await import("@/app/api/incidents/[id]/notes/route");
const close = await import("@/app/api/incidents/[id]/close/route");
const timeline = await import("@/app/api/incidents/[id]/timeline/route");
const figures = await import("@/app/api/incidents/[id]/figures/route");
const exporter = await import("@/app/api/incidents/[id]/export/route");

const BASE = "http://console.test/api/incidents";
const ctx = (id = "") => ({ params: Promise.resolve({ id }) });
const post = (path: string, body?: unknown) =>
  new NextRequest(`${BASE}${path}`, { method: "POST", ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }) });
const get = (path: string) => new NextRequest(`${BASE}${path}`);

let db: Db;
const clock = manualClock(at(0));

describeStores("incident routes", (fresh) => {
  beforeEach(async () => {
    db = (await fresh()).db;
    state.rt = { db, clock, config: defaultSimConfig() };
    state.user = await seedUser(db, "olivia", ["viewer", "operator"]);
  });

  async function declared(): Promise<Incident> {
    const res = await incidents.POST(post("", { title: "route drill", severity: "sev2" }), ctx());
    expect(res.status).toBe(201);
    return ((await res.json()) as { incident: Incident }).incident;
  }

  it("declare, note, close and list, with the roles each needs", async () => {
    const incident = await declared();
    expect((await notes.POST(post(`/${incident.id}/notes`, { text: "on it" }), ctx(incident.id))).status).toBe(201);
    const list = await incidents.GET(get("?status=open"), ctx());
    expect(((await list.json()) as { incidents: Incident[] }).incidents.map((i) => i.id)).toEqual([incident.id]);
    state.user = await seedUser(db, "vera", ["viewer"]);
    const refused = await close.POST(post(`/${incident.id}/close`), ctx(incident.id));
    expect(refused.status).toBe(403);
    expect((await timeline.GET(get(`/${incident.id}/timeline?kind=note`), ctx(incident.id))).status).toBe(200);
    state.user = await seedUser(db, "olivia", ["viewer", "operator"]);
    expect((await close.POST(post(`/${incident.id}/close`), ctx(incident.id))).status).toBe(200);
    expect((await incidents.POST(post("", { title: "x" }), ctx())).status).toBe(400);
  });

  it("export: the right type and file name, the head in the headers; a bad format is a 400 naming it", async () => {
    const incident = await declared();
    const res = await exporter.GET(get(`/${incident.id}/export?format=json`), ctx(incident.id));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="incident-2026-03-01-route-drill-${incident.id.slice(0, 8)}.json"`);
    const doc = IncidentExport.parse(await res.json());
    expect(res.headers.get("x-audit-head-hash")).toBe(doc.auditHead.hash);

    const pdf = await exporter.GET(get(`/${incident.id}/export?format=pdf&paper=letter`), ctx(incident.id));
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString("latin1")).toBe("%PDF-");

    const bad = await exporter.GET(get(`/${incident.id}/export?format=docx`), ctx(incident.id));
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid", message: 'unknown export format "docx": expected md, json, csv or pdf' } });
    const none = await exporter.GET(get(`/${incident.id}/export`), ctx(incident.id));
    expect(((await none.json()) as { error: { message: string } }).error.message).toBe("query parameter format is required: expected md, json, csv or pdf");
    expect((await exporter.GET(get(`/nope/export?format=md`), ctx("nope"))).status).toBe(404);
  });

  it("timeline and figures: a bad filter is a 400 naming the field", async () => {
    const incident = await declared();
    const bad = await timeline.GET(get(`/${incident.id}/timeline?kind=signal,gossip`), ctx(incident.id));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^invalid query string: kind\.1: /);
    expect((await timeline.GET(get(`/${incident.id}/timeline?after=yesterday`), ctx(incident.id))).status).toBe(400);
    const res = await figures.GET(get(`/${incident.id}/figures`), ctx(incident.id));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { figures: { detected: { explanation: string } } }).figures.detected.explanation).toBe("the incident was declared");
  });
});
