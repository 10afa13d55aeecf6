import { QueryClient } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { parseChangeEvent, queriesShowing, type Change } from "./live";
import { queryKeys } from "./query-keys";

/** A browser's cache with one of every query the pages hold, all fresh: which go stale after `change`? */
function invalidatedBy(change: Change): string[] {
  const client = new QueryClient();
  const keys = [
    queryKeys.me(),
    queryKeys.state(),
    queryKeys.faults(),
    queryKeys.auditPage({ action: null, size: 50, before: null }),
    queryKeys.auditVerify(),
    queryKeys.proposalList(5),
    queryKeys.runList(20),
    queryKeys.run("r1"),
    queryKeys.run("r2"),
    queryKeys.access(),
    queryKeys.openIncident(),
    queryKeys.incidentList(20),
    queryKeys.incident("i1"),
    queryKeys.incident("i2"),
    queryKeys.incidentFigures("i1"),
    queryKeys.incidentTimeline("i1", "kind=all"),
    queryKeys.incidentTimelineTail("i1", "kind=all"),
    queryKeys.incidentTimeline("i2", ""),
  ];
  for (const key of keys) client.setQueryData(key, { x: 1 });
  for (const queryKey of queriesShowing(change)) void client.invalidateQueries({ queryKey, refetchType: "none" });
  return client
    .getQueryCache()
    .getAll()
    .filter((q) => q.state.isInvalidated)
    .map((q) => q.queryKey.map((part) => (typeof part === "object" ? "{…}" : String(part))).join("/"));
}

describe("what a change announced by any replica makes a browser re-read", () => {
  it("a run: that run, the run lists and the proposals panel (it shows how the run went) — not other runs", () => {
    expect(invalidatedBy({ kind: "run", id: "r1" })).toEqual(["proposals/list/5", "runs/list/20", "runs/run/r1"]);
  });

  it("a proposal or its approval: the proposals and the run lists (an approval starts a run)", () => {
    expect(invalidatedBy({ kind: "proposal", id: "p1" })).toEqual(["proposals/list/5", "runs/list/20"]);
  });

  it("an incident or a note on it: that incident, its figures and timeline, the banner and the lists — not another incident", () => {
    expect(invalidatedBy({ kind: "incident", id: "i1" })).toEqual([
      "incidents/open",
      "incidents/list/20",
      "incidents/incident/i1",
      "incidents/figures/i1",
      "incidents/timeline/i1/kind=all",
      "incidents/timeline/i1/kind=all/tail",
    ]);
  });

  it("an audit record: the pages, not the verification; a fault toggle: the drill faults; access: the access page", () => {
    expect(invalidatedBy({ kind: "audit", id: "42" })).toEqual(["audit/page/{…}"]);
    expect(invalidatedBy({ kind: "faults", id: "world" })).toEqual(["sim/faults"]);
    expect(invalidatedBy({ kind: "access", id: "c1" })).toEqual(["access"]);
  });

  it("a malformed or unknown message is reported, never acted on", () => {
    expect(parseChangeEvent('{"changes":[{"kind":"run","id":"r1"}]}')).toEqual({ ok: true, changes: [{ kind: "run", id: "r1" }] });
    expect(parseChangeEvent("not json").ok).toBe(false);
    expect(parseChangeEvent('{"changes":[{"kind":"users","id":"u1"}]}').ok).toBe(false);
    expect(parseChangeEvent('{"changes":[]}').ok).toBe(false);
  });
});
