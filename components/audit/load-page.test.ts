import { describe, expect, it } from "vitest";
import type { AuditPage, AuditRecord } from "@/lib/audit";
import { loadAuditView, type FetchAuditPage } from "./load-page";

/** A fake GET /api/audit over `count` records: newest first, `before` exclusive, filtered by action, nextBefore as the server computes it. */
function fakeApi(count: number, actionOf: (seq: number) => string) {
  const calls: Parameters<FetchAuditPage>[0][] = [];
  const fetchPage: FetchAuditPage = async (query) => {
    calls.push(query);
    const { action, before, limit } = query;
    const top = before === null ? count : before - 1;
    const records: AuditRecord[] = [];
    for (let seq = top; seq >= 1 && records.length < limit; seq--) {
      if (action !== null && actionOf(seq) !== action) continue;
      records.push({ seq, at: new Date(seq * 1000).toISOString(), actor: "a", actorName: "A", action: actionOf(seq), ip: null, payload: {}, prevHash: null, hash: null });
    }
    const last = records[records.length - 1];
    const page: AuditPage = { records, nextBefore: records.length === limit && last && last.seq > 1 ? last.seq : null };
    return page;
  };
  return { fetchPage, calls };
}

describe("loadAuditView", () => {
  it("without a filter is one API page of the chosen size", async () => {
    const api = fakeApi(120, () => "auth.login");
    const view = await loadAuditView({ action: null, size: 50 }, 71, api.fetchPage);
    expect(api.calls).toEqual([{ action: null, before: 71, limit: 50 }]);
    expect(view.records.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 70 - i));
    expect(view.nextBefore).toBe(21);
  });

  it("with a filter asks the server for that action only, one request per page, and continues after its last record", async () => {
    // Every 100th record is a logout: 25 of them in 2,500 records.
    const api = fakeApi(2_500, (seq) => (seq % 100 === 0 ? "auth.logout" : "auth.login"));
    const view = await loadAuditView({ action: "auth.logout", size: 10 }, null, api.fetchPage);
    expect(api.calls).toEqual([{ action: "auth.logout", before: null, limit: 10 }]);
    expect(view.records.map((r) => r.seq)).toEqual([2500, 2400, 2300, 2200, 2100, 2000, 1900, 1800, 1700, 1600]);
    expect(view.nextBefore).toBe(1600);
    const older = await loadAuditView({ action: "auth.logout", size: 10 }, view.nextBefore, api.fetchPage);
    expect(api.calls[1]).toEqual({ action: "auth.logout", before: 1600, limit: 10 });
    expect(older.records[0]?.seq).toBe(1500);
  });

  it("a rare action deep in the log is still one request", async () => {
    const api = fakeApi(20_000, (seq) => (seq === 1 ? "rare.action" : "auth.login"));
    const view = await loadAuditView({ action: "rare.action", size: 25 }, null, api.fetchPage);
    expect(api.calls).toHaveLength(1);
    expect(view.records.map((r) => r.seq)).toEqual([1]);
    expect(view.nextBefore).toBeNull();
  });

  it("the request names the action, the cursor and the size in the query string", async () => {
    const urls: string[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (input: string | URL | Request) => {
      urls.push(String(input));
      return Response.json({ records: [], nextBefore: null });
    }) as typeof fetch;
    try {
      await loadAuditView({ action: "run.succeeded", size: 25 }, 40, undefined);
      await loadAuditView({ action: null, size: 50 }, null, undefined);
    } finally {
      globalThis.fetch = realFetch;
    }
    expect(urls).toEqual(["/api/audit?limit=25&action=run.succeeded&before=40", "/api/audit?limit=50"]);
  });
});
