import { describe, expect, it } from "vitest";
import { auditFilterSearch, parseAuditFilter } from "./filter";
import { actionOptions } from "./filter-bar";
import { KNOWN_ACTIONS } from "./format";

const parse = (q: string) => parseAuditFilter(new URLSearchParams(q));

describe("the filter in the URL", () => {
  it("reads action and page size, with defaults", () => {
    expect(parse("")).toEqual({ action: null, size: 50 });
    expect(parse("action=auth.login&size=100")).toEqual({ action: "auth.login", size: 100 });
  });

  it("ignores values it cannot use rather than failing", () => {
    expect(parse("action=%3Cscript%3E&size=7")).toEqual({ action: null, size: 50 });
    expect(parse("action=&size=abc")).toEqual({ action: null, size: 50 });
  });

  it("writes only what differs from the defaults and keeps other parameters", () => {
    expect(auditFilterSearch("", { action: null, size: 50 })).toBe("");
    expect(auditFilterSearch("x=1&action=auth.login", { action: "sim.fault_toggled", size: 25 })).toBe("x=1&action=sim.fault_toggled&size=25");
    expect(auditFilterSearch("action=auth.login&size=25", { action: null, size: 50 })).toBe("");
  });
});

it("offers every known action plus unknown ones seen on screen or in the URL", () => {
  const options = actionOptions("run.started", ["auth.login", "run.step_finished"]);
  expect(options.slice(0, KNOWN_ACTIONS.length)).toEqual(KNOWN_ACTIONS);
  expect(options.slice(KNOWN_ACTIONS.length)).toEqual(["run.started", "run.step_finished"]);
});
