import { describe, expect, it } from "vitest";
import type { AuditPage, AuditRecord } from "@/lib/audit";
import { loadAuditView, MAX_SCAN_REQUESTS, type FetchAuditPage } from "./load-page";

/** A fake GET /api/audit over `count` records: newest first, `before` exclusive, nextBefore as the server computes it. */
function fakeApi(count: number, actionOf: (seq: number) => string) {
  const calls: { before: number | null; limit: number }[] = [];
  const fetchPage: FetchAuditPage = async (before, limit) => {
    calls.push({ before, limit });
    const top = before === null ? count : before - 1;
    const records: AuditRecord[] = [];
    for (let seq = top; seq >= 1 && records.length < limit; seq--) {
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
    expect(api.calls).toEqual([{ before: 71, limit: 50 }]);
    expect(view.records.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 70 - i));
    expect(view.nextBefore).toBe(21);
    expect(view.searchedTo).toBeNull();
  });

  it("with a filter keeps reading until the page is full, and continues after its last record", async () => {
    // Every 100th record is a logout: 25 of them in 2,500 records.
    const api = fakeApi(2_500, (seq) => (seq % 100 === 0 ? "auth.logout" : "auth.login"));
    const view = await loadAuditView({ action: "auth.logout", size: 10 }, null, api.fetchPage);
    expect(view.records.map((r) => r.seq)).toEqual([2500, 2400, 2300, 2200, 2100, 2000, 1900, 1800, 1700, 1600]);
    expect(view.nextBefore).toBe(1600);
    expect(api.calls.map((c) => c.before)).toEqual([null, 2001]);
    const older = await loadAuditView({ action: "auth.logout", size: 10 }, view.nextBefore, api.fetchPage);
    expect(older.records[0]?.seq).toBe(1500);
  });

  it("stops at the end of the log with what it found", async () => {
    const api = fakeApi(30, (seq) => (seq % 2 ? "a.odd" : "a.even"));
    const view = await loadAuditView({ action: "a.odd", size: 25 }, null, api.fetchPage);
    expect(view.records).toHaveLength(15);
    expect(view.nextBefore).toBeNull();
    expect(view.searchedTo).toBeNull();
  });

  it("says there is nothing older when the page fills on the log's last record", async () => {
    const api = fakeApi(3, () => "x.y");
    expect((await loadAuditView({ action: "x.y", size: 3 }, null, api.fetchPage)).nextBefore).toBeNull();
  });

  it("gives up after a bounded number of requests and says how far it searched", async () => {
    const api = fakeApi(20_000, (seq) => (seq === 1 ? "rare.action" : "auth.login"));
    const view = await loadAuditView({ action: "rare.action", size: 25 }, null, api.fetchPage);
    expect(api.calls).toHaveLength(MAX_SCAN_REQUESTS);
    expect(view.records).toEqual([]);
    expect(view.searchedTo).toBe(20_000 - MAX_SCAN_REQUESTS * 500 + 1);
    expect(view.nextBefore).toBe(view.searchedTo);
  });
});
