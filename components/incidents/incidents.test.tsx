import { describe, expect, it, vi } from "vitest";
import { users } from "@/components/proposals/fixtures";
import { buttonLabels, renderWithQuery, visibleText } from "@/components/testing";
import { queryKeys } from "@/lib/query-keys";
import { DeclareForm } from "./declare-form";
import { ExportLinks, exportHref } from "./export-links";
import { FiguresTable } from "./figures-table";
import { describeFilter, parseTimelineFilter, timelineFilterSearch, toggled } from "./filter";
import { at, autoIncident, closedIncident, events, figures, openIncident, page } from "./fixtures";
import { figureValue } from "@/lib/incidents";
import { formatInstant, incidentAge, refLabel } from "./format";
import { IncidentControls, changeBlocker } from "./incident-controls";
import { IncidentList } from "./incident-list";
import { IncidentSummary } from "./incident-summary";
import { OpenIncidentBanner } from "./open-incident-banner";
import { TimelineSection } from "./timeline-section";
import { TimelineTable } from "./timeline-table";
import { mergeTail, TAIL_OVERLAP_MS, tailStart } from "./use-timeline";

vi.mock("next/navigation", () => ({ useRouter: () => ({ push: () => undefined }) }));

const text = (html: string) => visibleText(html);

describe("the timeline filter in the URL", () => {
  it("reads kinds, region and severities, in their canonical order, ignoring what is malformed", () => {
    const f = parseTimelineFilter(new URLSearchParams("kind=note,bogus,signal&region=us-east-1&severity=warning,critical,loud"));
    expect(f).toEqual({ kinds: ["signal", "note"], region: "us-east-1", severities: ["critical", "warning"] });
    expect(parseTimelineFilter(new URLSearchParams("region=<script>&kind="))).toEqual({ kinds: [], region: null, severities: [] });
  });

  it("writes only what narrows the view and keeps unrelated parameters", () => {
    expect(timelineFilterSearch("x=1&kind=audit", { kinds: [], region: null, severities: [] })).toBe("x=1");
    const search = timelineFilterSearch("", { kinds: ["finding"], region: "us-west-2", severities: ["critical"] });
    expect(search).toBe("kind=finding&region=us-west-2&severity=critical");
    expect(parseTimelineFilter(new URLSearchParams(search))).toEqual({ kinds: ["finding"], region: "us-west-2", severities: ["critical"] });
  });

  it("toggles a value in and out, keeping the allowed order, and says what it shows", () => {
    expect(toggled(["note"], "signal", ["signal", "finding", "audit", "note"])).toEqual(["signal", "note"]);
    expect(toggled(["signal", "note"], "signal", ["signal", "finding", "audit", "note"])).toEqual(["note"]);
    expect(describeFilter({ kinds: [], region: null, severities: [] })).toBe("all events");
    expect(describeFilter({ kinds: ["signal", "finding"], region: "us-east-1", severities: ["critical"] })).toBe("signal and finding events in us-east-1 of severity critical");
  });
});

describe("formatting", () => {
  it("shows instants to the millisecond in UTC, figures as times or durations, and names source records", () => {
    expect(formatInstant(at(5_250))).toBe("2026-03-01 12:00:05.250 UTC");
    expect(figureValue(figures.firstImpact)).toBe("2026-03-01 11:58:30.000 UTC");
    expect(figureValue(figures.timeToRecover)).toBe("3 min 30 s");
    expect(figureValue(figures.timeToFailback)).toBe("—");
    expect(refLabel({ table: "audit", id: "40", at: at(60_000) })).toBe("audit record #40 at 12:01:00.000");
    expect(refLabel({ table: "incident_notes", id: "7", at: at(0) })).toBe("note #7 at 12:00:00.000");
  });

  it("measures an incident to its end, or to now while open", () => {
    expect(incidentAge(at(0), at(90_000), null)).toBe(90_000);
    expect(incidentAge(at(0), null, Date.parse(at(5_000)))).toBe(5_000);
    expect(incidentAge(at(0), null, null)).toBeNull();
  });
});

describe("following a live timeline", () => {
  it("re-reads from shortly before the last event, and merges only what is new, in time order", () => {
    const data = { pages: [page(events.slice(0, 2), true), page(events.slice(2, 3))], pageParams: [null, "x"] };
    expect(tailStart(data)).toBe(`${Date.parse(at(60_000)) - TAIL_OVERLAP_MS}.0.0`);
    // The overlap brings back the last event; a late observation committed after the last poll
    // (its time before the last event's) and a note arrive with it.
    const late = { ...events[0], at: at(59_000), source: { table: "observations", id: "13" } } as (typeof events)[number];
    const note = events[3];
    if (!note || !events[2]) throw new Error("fixture");
    const next = mergeTail(data, page([late, events[2], note]));
    expect(next.pages).toHaveLength(2);
    expect(next.pages[0]).toBe(data.pages[0]);
    expect(next.pages[1]?.events.map((e) => e.source.id)).toEqual(["13", "40", note.source.id]);
    expect(next.pages[1]?.nextCursor).toBe(`${Date.parse(note.at)}.2.${note.source.id}`);
    // The same answer twice (a poll that raced another) adds nothing.
    expect(mergeTail(next, page([late, events[2], note]))).toBe(next);
    expect(mergeTail(next, page([]))).toBe(next);
  });

  it("starts from the last page's cursor when nothing is loaded yet", () => {
    expect(tailStart({ pages: [page([])], pageParams: [null] })).toBeNull();
    expect(tailStart({ pages: [{ ...page([]), nextCursor: "5.1.9" }], pageParams: [null] })).toBe("5.1.9");
  });

  it("shows the loaded events with a count, and offers the next page when there is one", () => {
    const seed = (more: boolean) => (client: Parameters<Parameters<typeof renderWithQuery>[1] & object>[0]) =>
      client.setQueryData(queryKeys.incidentTimeline(openIncident.id, ""), { pages: [page(events, more)], pageParams: [null] });
    const section = (more: boolean) =>
      renderWithQuery(<TimelineSection incidentId={openIncident.id} open={false} filter={{ kinds: [], region: null, severities: [] }} onFilterChange={() => undefined} regions={["us-east-1", "us-west-2"]} />, seed(more));
    const all = section(false);
    expect(text(all)).toContain("4 events shown.");
    expect(all.match(/data-testid="timeline-event"/g)).toHaveLength(4);
    expect(buttonLabels(all)).not.toContain("Load more events");
    const more = section(true);
    expect(text(more)).toContain("4 events shown, more to load.");
    expect(buttonLabels(more)).toContain("Load more events");
  });
});

describe("TimelineTable", () => {
  it("gives each row the anchor the figures link to, and escapes what people typed", () => {
    const html = renderWithQuery(<TimelineTable events={events} caption="Timeline" emptyText="none" />);
    expect(html).toContain('id="event-observations-11"');
    expect(html).toContain('id="event-audit-40"');
    expect(html).toContain("Customers report 5xx &lt;b&gt;everywhere&lt;/b&gt;");
    const t = text(html);
    expect(t).toContain("2026-03-01 11:58:30.000 Signal ! warning us-east-1 Health check api us-east-1: healthy → unhealthy");
    expect(t).toContain("Audit ● info us-west-2 Proposed unplanned failover to us-west-2 reason: us-east-1 dark Olivia Operator");
    expect(t.indexOf("11:58:30.000")).toBeLessThan(t.indexOf("11:59:00.000"));
    expect(text(renderWithQuery(<TimelineTable events={[]} caption="Timeline" emptyText="No events yet." />))).toContain("No events yet.");
  });
});

describe("FiguresTable", () => {
  it("lists every figure in order with its value, how it was computed and links to its records", () => {
    const html = renderWithQuery(<FiguresTable figures={figures} error={null} live />);
    const labels = [...html.matchAll(/<th scope="row"[^>]*>([^<]+)</g)].map((m) => m[1]);
    expect(labels).toEqual(["First impact signal", "Detected", "Time to detect", "Time to decide", "Time to recover (RTO)", "Data-loss window (RPO)", "DNS window", "Time to failback"]);
    expect(text(html)).toContain("Time to recover (RTO) 3 min 30 s first impact → traffic On in us-west-2 and healthy");
    expect(text(html)).toContain("Data-loss window (RPO) 850 ms");
    expect(text(html)).toContain("Time to failback — no failback run succeeded in the window");
    expect(html).toContain('href="#event-audit-40"');
    expect(text(html)).toContain("refreshed every 10 s while the incident is open");
  });

  it("says when it is still computing, and shows a failure", () => {
    expect(text(renderWithQuery(<FiguresTable figures={undefined} error={null} live={false} />))).toContain("Computing…");
    const failed = renderWithQuery(<FiguresTable figures={undefined} error="database unavailable" live={false} />);
    expect(failed).toContain('role="alert"');
    expect(text(failed)).toContain("Could not compute the figures: database unavailable");
  });
});

describe("the incident's summary and actions", () => {
  it("never says 'open for 0 ms' for an incident newer than the clock's last tick (the header's clock ticked before it opened)", () => {
    // The header's clock is sampled on its own tick; an incident that appears between two ticks
    // started after that sample. Its age is not known yet — it is not zero.
    expect(incidentAge(at(5_000), null, Date.parse(at(0)))).toBeNull();
    expect(incidentAge(at(0), null, Date.parse(at(3_400)))).toBe(3_400);
    expect(incidentAge(at(0), at(3_400), null)).toBe(3_400);
  });

  it("says who opened it: a person, or the console on a finding", () => {
    expect(text(renderWithQuery(<IncidentSummary incident={openIncident} now={Date.parse(at(125_000))} />))).toContain(
      "Commander Olivia Operator Opened declared by Olivia Operator Started 2026-03-01 12:00 UTC Ended still open Open for 2 min 5 s",
    );
    expect(text(renderWithQuery(<IncidentSummary incident={autoIncident} now={null} />))).toContain('Opened automatically on "Region us-east-1 is down"');
    const closed = text(renderWithQuery(<IncidentSummary incident={closedIncident} now={null} />));
    expect(closed).toContain("Lasted 1 h 2 min");
    expect(closed).toContain("Resolution Failed back to us-east-1.");
  });

  it("offers the actions only to operators while it is open", () => {
    expect(changeBlocker(openIncident, users.vera)).toBe("Taking command, notes and closing need the operator role.");
    expect(changeBlocker(closedIncident, users.olivia)).toBe("The incident is closed: its record is final. Export it below.");
    expect(changeBlocker(openIncident, users.olivia)).toBeNull();
    expect(buttonLabels(renderWithQuery(<IncidentControls incident={openIncident} user={users.vera} />))).toEqual([]);
    const commander = renderWithQuery(<IncidentControls incident={openIncident} user={users.olivia} />);
    expect(text(commander)).toContain("You are the incident commander.");
    expect(buttonLabels(commander)).toEqual(["Change severity", "Add note", "Close incident…"]);
    expect(buttonLabels(renderWithQuery(<IncidentControls incident={autoIncident} user={users.ada} />))).toEqual(["Take command", "Change severity", "Add note", "Close incident…"]);
  });
});

describe("the open incident in the header", () => {
  it("names the incident, links to it and asks an operator to take command of an automatic one", () => {
    const html = renderWithQuery(<OpenIncidentBanner initial={autoIncident} />);
    expect(html).toContain(`href="/incidents/${autoIncident.id}"`);
    expect(text(html)).toContain("sev2 Incident open: Region us-east-1 is down Commander: system (opened automatically; an operator should take command)");
  });

  it("is an empty live region when none is open", () => {
    expect(text(renderWithQuery(<OpenIncidentBanner initial={null} />))).toBe("");
    expect(renderWithQuery(<OpenIncidentBanner initial={null} />)).toContain('role="status"');
  });
});

describe("lists, declaring and exports", () => {
  it("lists incidents newest first with their state and duration", () => {
    const t = text(renderWithQuery(<IncidentList initial={[openIncident, closedIncident]} />));
    expect(t).toContain("us-east-1 region outage ✗ sev1 ✗ open Olivia Operator 2026-03-01 12:00 UTC still open");
    expect(t).toContain("○ closed Olivia Operator 2026-03-01 12:00 UTC 1 h 2 min");
    expect(text(renderWithQuery(<IncidentList initial={[]} />))).toContain("No incidents yet.");
  });

  it("declares with a title and a severity", () => {
    const html = renderWithQuery(<DeclareForm />);
    expect(html).toContain('<label for="incident-title"');
    expect(html).toContain('<option value="sev1">SEV1 · critical impact</option>');
    expect(buttonLabels(html)).toEqual(["Declare incident"]);
  });

  it("offers a download for each format, the PDF on the chosen paper", () => {
    const html = renderWithQuery(<ExportLinks incidentId={openIncident.id} open />);
    for (const format of ["md", "json", "csv"]) expect(html).toContain(`href="/api/incidents/${openIncident.id}/export?format=${format}"`);
    expect(html).toContain(`href="/api/incidents/${openIncident.id}/export?format=pdf&amp;paper=a4"`);
    expect(exportHref("a b", "pdf", "letter")).toBe("/api/incidents/a%20b/export?format=pdf&paper=letter");
    expect(text(html)).toContain("Export Markdown postmortem Export JSON Export CSV Export PDF for print");
  });
});
