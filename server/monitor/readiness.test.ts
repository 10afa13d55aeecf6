import { describe, expect, it } from "vitest";
import { READINESS_CHECKS, ReadinessChecklist, type ReadinessCheckId } from "@/lib/findings";
import { regionFacts } from "./facts";
import { readinessChecklists } from "./readiness";
import { impaired, ok, regionState, stale, unhealthyChecks } from "./testing";

const BUDGET = 1000;
function lists(east = regionState("us-east-1", true), west = regionState("us-west-2", false)) {
  const all = readinessChecklists([regionFacts(east), regionFacts(west)], BUDGET);
  const find = (target: string, mode: string) => {
    const l = all.find((c) => c.target === target && c.mode === mode);
    if (!l) throw new Error(`no ${mode} list for ${target}`);
    return { ...l, status: (id: ReadinessCheckId) => l.checks.find((c) => c.id === id)?.status };
  };
  return find;
}

describe("readiness checklist", () => {
  it("a healthy, in-sync secondary is ready for a planned failover, and the writer is not", () => {
    const find = lists();
    expect(find("us-west-2", "planned")).toMatchObject({ source: "us-east-1", ready: true });
    expect(find("us-east-1", "planned").ready).toBe(false);
    expect(find("us-east-1", "planned").status("target-not-writer")).toBe("fail");
  });

  it("lag over budget fails the planned check; a stale lag makes it unknown, not pass", () => {
    expect(lists(undefined, regionState("us-west-2", false, { lag: ok({ replicationLagMs: 2500, rpoLagMs: 2600, datapointAt: null }) }))("us-west-2", "planned").status("lag-under-budget")).toBe("fail");
    const staleLag = lists(undefined, regionState("us-west-2", false, { lag: stale({ replicationLagMs: 100, rpoLagMs: 100, datapointAt: null }) }))("us-west-2", "planned");
    expect(staleLag.status("lag-under-budget")).toBe("unknown");
    expect(staleLag.ready).toBe(false);
  });

  it("different schema versions block a planned failover", () => {
    const west = regionState("us-west-2", false, { readiness: ok({ httpStatus: 200, writable: false, schemaVersion: "41", authorisedForWrites: false }) });
    expect(lists(undefined, west)("us-west-2", "planned").status("schema-versions-equal")).toBe("fail");
  });

  it("an unplanned failover is ready only when the source is impaired, and states the expected data loss", () => {
    expect(lists()("us-west-2", "unplanned").status("source-impaired")).toBe("fail");
    const down = regionState("us-east-1", true, { healthChecks: unhealthyChecks("us-east-1"), controlPlane: impaired(["rds"]) });
    const l = lists(down)("us-west-2", "unplanned");
    expect(l.ready).toBe(true);
    expect(l.checks.find((c) => c.id === "data-loss-known")?.evidence).toMatch(/last lag 300 ms/);
  });

  it("blocks every failover while a split brain or a stale authority claim is on screen (issue 12)", () => {
    // The standby also claims authority at the holder's epoch and accepts writes: split brain.
    const split = regionState("us-west-2", false, {
      authority: ok({ role: "primary", epoch: 1, updatedAt: null, updatedBy: "someone else" }),
      readiness: ok({ httpStatus: 200, writable: true, schemaVersion: "42", authorisedForWrites: true }),
    });
    const find = lists(undefined, split);
    for (const mode of ["planned", "unplanned"]) {
      expect(find("us-west-2", mode).status("no-split-brain")).toBe("fail");
      expect(find("us-west-2", mode).ready).toBe(false);
    }
    // A returning region still claiming authority at an older epoch: a stale claim.
    const holder = regionState("us-west-2", true, { authority: ok({ role: "primary", epoch: 2, updatedAt: null, updatedBy: "run r1" }) });
    const returned = regionState("us-east-1", false, { authority: ok({ role: "primary", epoch: 1, updatedAt: null, updatedBy: "sim:bootstrap" }) });
    const stale = lists(returned, holder)("us-east-1", "planned");
    expect(stale.status("no-stale-claim-in-target")).toBe("fail");
    expect(stale.status("no-split-brain")).toBe("pass");
    expect(stale.ready).toBe(false);
  });

  it("a member detached from the global database blocks moving writes until it is rebuilt", () => {
    const detached = regionState("us-west-2", true, {
      aurora: ok({ globalClusterId: "g", role: "detached", status: "available", members: [], failover: null }),
    });
    const check = lists(regionState("us-east-1", false), detached)("us-east-1", "planned");
    expect(check.status("global-database-intact")).toBe("fail");
    expect(check.checks.find((c) => c.id === "global-database-intact")?.evidence).toMatch(/After a detach/);
  });
});


describe("readiness check ids", () => {
  it("every check the monitor produces is one of READINESS_CHECKS, and every one of them is produced", () => {
    // The writer in us-east-1 and an in-sync us-west-2: planned and unplanned lists both ways, and
    // a restore list for the writer.
    const all = readinessChecklists([regionFacts(regionState("us-east-1", true)), regionFacts(regionState("us-west-2", false))], BUDGET);
    expect(all.map((c) => `${c.target} ${c.mode}`)).toEqual(expect.arrayContaining(["us-east-1 restore", "us-west-2 planned", "us-west-2 unplanned"]));
    const produced = new Set(all.flatMap((c) => c.checks.map((check) => check.id)));
    for (const id of produced) expect(READINESS_CHECKS, `"${id}" is produced but not in READINESS_CHECKS`).toContain(id);
    expect([...produced].sort()).toEqual([...READINESS_CHECKS].sort());
    // And each list passes the schema the API, the browser and a stored proposal are read with.
    for (const list of all) expect(ReadinessChecklist.safeParse(list).success).toBe(true);
  });

  it("the checklist schema refuses a check id that does not exist", () => {
    const list = readinessChecklists([regionFacts(regionState("us-east-1", true)), regionFacts(regionState("us-west-2", false))], BUDGET)[0];
    const renamed = { ...list, checks: [{ id: "source-fenced", label: "x", status: "pass", evidence: "x" }] };
    expect(ReadinessChecklist.safeParse(renamed).success).toBe(false);
  });
});
