import { expect, it } from "vitest";
import { IncidentExport, type ExportFormat } from "@/lib/incidents";
import { verifyAudit } from "@/server/audit";
import { manualClock } from "@/server/clock";
import { tables, type Db } from "@/server/db";
import { describeStores } from "@/server/db/testing";
import { addNote, closeIncident, declare } from "..";
import { at, audit, observe, seedUser } from "../testing";
import { CSV_COLUMNS } from "./csv";
import { exportIncident, prepareExport } from ".";
import { collect, parseCsv, readPdf } from "./testing";

const OPTS = { dnsTtlSeconds: 60, lagBudgetMs: 1000 };
const NOTE = '=HYPERLINK("http://evil"), said "fail over" → ü\nsecond line';

/** Region outage → unplanned failover → closed, with a note that tries every quoting trap. */
async function seeded(db: Db) {
  const clock = manualClock(at(0));
  const olivia = await seedUser(db, "olivia", ["operator"]);
  await observe(db, -60, { region: "us-east-1", kind: "health", subject: "api us-east-1", from: "healthy", to: "unhealthy" });
  await observe(db, -30, { region: "us-east-1", kind: "finding", subject: "region-unreachable:us-east-1", from: null, to: "raised", detail: { severity: "critical", title: "Region us-east-1 is down" } });
  const incident = await declare(db, clock, { user: olivia, input: { title: "us-east-1 outage | drill", severity: "sev1" } });
  await audit(db, 60, "proposal.created", { proposalId: "p1", runbook: "unplanned-failover", targetRegion: "us-west-2", reason: "dark" });
  await audit(db, 90, "proposal.approved", { proposalId: "p1", runbook: "unplanned-failover", targetRegion: "us-west-2" }, { id: "u-adam", name: "Adam" });
  await audit(db, 91, "run.started", { runId: "r1", proposalId: "p1", runbook: "unplanned-failover", sourceRegion: "us-east-1", targetRegion: "us-west-2" });
  await observe(db, 150, { region: "us-west-2", kind: "routing", subject: "rc us-west-2", from: "Off", to: "On" });
  await audit(db, 161, "run.succeeded", { runId: "r1", runbook: "unplanned-failover", targetRegion: "us-west-2", rpoEstimateMs: 850 });
  for (let s = -900; s <= 300; s += 5) {
    await db.insert(tables.lagSamples).values([
      { region: "us-west-2", at: at(s), replicationLagMs: s < -60 ? 120 : s < 91 ? 2400 : null, rpoLagMs: null },
      { region: "us-east-1", at: at(s), replicationLagMs: s > 161 ? 90 : null, rpoLagMs: null },
    ]);
  }
  clock.advance(170_000);
  await addNote(db, clock, { user: olivia, id: incident.id, input: { text: NOTE } });
  clock.advance(130_000);
  await closeIncident(db, clock, { user: olivia, id: incident.id, input: { resolution: "writes in us-west-2" } });
  return { incident, clock };
}

async function exported(db: Db, id: string, format: ExportFormat, clock = manualClock(at(400))) {
  const file = await exportIncident(db, clock, id, format, OPTS);
  return { file, bytes: await collect(file.body) };
}

const EXPECTED_TITLES = [
  "Health check api us-east-1: healthy → unhealthy",
  "Finding raised: Region us-east-1 is down",
  "Olivia (olivia) declared the incident: us-east-1 outage | drill",
  "Olivia proposed unplanned-failover to us-west-2",
  "Adam approved unplanned-failover to us-west-2",
  "Run started: unplanned-failover to us-west-2 at epoch ",
  "Routing control rc us-west-2: Off → On",
  "Run succeeded: unplanned-failover to us-west-2",
  "Note by Olivia (olivia)",
  "Olivia (olivia) closed the incident",
];

describeStores("incident exports", (fresh) => {
  it("JSON follows the versioned schema, with the events in order, the figures and the audit head", async () => {
    const { db } = await fresh();
    const { incident } = await seeded(db);
    const { file, bytes } = await exported(db, incident.id, "json");
    expect(file.contentType).toBe("application/json; charset=utf-8");
    expect(file.filename).toBe(`incident-2026-03-01-us-east-1-outage-drill-${incident.id.slice(0, 8)}.json`);
    const doc = IncidentExport.parse(JSON.parse(bytes.toString("utf8")));
    expect(doc.schemaVersion).toBe(1);
    expect(doc.events.map((e) => e.title)).toEqual(EXPECTED_TITLES);
    expect(doc.eventCount).toBe(10);
    expect(doc.window).toEqual({ from: at(-900).toISOString(), to: at(300).toISOString(), leadMs: 900_000 });
    expect(doc.figures.timeToRecover).toMatchObject({ ms: 210_000 });
    expect(doc.figures.dataLoss.ms).toBe(850);
    const verified = await verifyAudit(db);
    expect(doc.auditHead).toEqual({ seq: verified.headSeq, hash: verified.headHash });
  });

  it("the head is fixed when the export starts: later audit records are not in it", async () => {
    const { db } = await fresh();
    const { incident } = await seeded(db);
    const file = await exportIncident(db, manualClock(at(400)), incident.id, "json", OPTS);
    await audit(db, 250, "proposal.created", { proposalId: "late", runbook: "failback", targetRegion: "us-east-1" });
    const doc = IncidentExport.parse(JSON.parse((await collect(file.body)).toString("utf8")));
    expect(doc.events.some((e) => e.data.proposalId === "late")).toBe(false);
    expect(doc.auditHead.seq).toBe((await verifyAudit(db)).headSeq - 1);
  });

  it("CSV parses back: a header, one row per event, the note intact and defused, the head on every row", async () => {
    const { db } = await fresh();
    const { incident } = await seeded(db);
    const { file, bytes } = await exported(db, incident.id, "csv");
    expect(file.contentType).toMatch(/^text\/csv/);
    const [header, ...rows] = parseCsv(bytes.toString("utf8"));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(rows.map((r) => r[6])).toEqual(EXPECTED_TITLES.map((t) => (t.endsWith(" ") ? expect.stringContaining(t) : t)));
    const note = rows.find((r) => r[1] === "note");
    expect(note?.[7]).toBe(`'${NOTE}`);
    const json = IncidentExport.parse(JSON.parse((await exported(db, incident.id, "json")).bytes.toString("utf8")));
    expect(rows.map((r) => [r[0], r[8], r[9]])).toEqual(json.events.map((e) => [e.at, e.source.table, e.source.id]));
    expect(new Set(rows.map((r) => `${r[10]} ${r[11]} ${r[12]}`))).toEqual(new Set([`${incident.id} ${json.auditHead.seq} ${json.auditHead.hash}`]));
  });

  it("Markdown is a postmortem skeleton: the figures table, the ordered timeline, the head hash", async () => {
    const { db } = await fresh();
    const { incident } = await seeded(db);
    const { file, bytes } = await exported(db, incident.id, "md");
    expect(file.contentType).toBe("text/markdown; charset=utf-8");
    const md = bytes.toString("utf8");
    const head = await verifyAudit(db);
    expect(md).toContain(`# Postmortem: us-east-1 outage \\| drill`);
    expect(md).toContain(`seq ${head.headSeq}**, hash \`${head.headHash}\``);
    for (const heading of ["## Summary", "## Impact", "## Recovery figures", "## Timeline", "## What went well", "## What went badly", "## Action items"]) expect(md).toContain(`\n${heading}\n`);
    expect(md).toContain("| Figure | Value | How | Records |");
    expect(md).toMatch(/\| Time to recover \(RTO\) \| 3 min 30 s \| first impact → traffic On in us-west-2/);
    expect(md).toMatch(/\| Data-loss window \(RPO\) \| 850 ms \|/);
    const timeline = md.slice(md.indexOf("## Timeline"), md.indexOf("## What went well"));
    const positions = EXPECTED_TITLES.map((t) => timeline.indexOf(t.replace("|", "\\|")));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(timeline).toContain("=HYPERLINK(\"http://evil\"), said \"fail over\" → ü<br>second line");
  });

  it("Markdown neutralises links, images and HTML in user text: titles, notes, reasons, the resolution", async () => {
    const { db } = await fresh();
    const clock = manualClock(at(0));
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const hostile = [
      "[open the runbook](javascript:alert(1))",
      "![status](https://tracker.evil.example/pixel.png?who=olivia)",
      "![s][pixel]\r[pixel]: https://tracker.evil.example/p.png",
      "\\[escaped](javascript:alert(2))",
      "<javascript:alert(3)> <img src=https://evil.example/x.png>",
      "&#91;entity&#93;(javascript:alert(4))",
    ].join(" ");
    const incident = await declare(db, clock, { user: olivia, input: { title: `outage ![t](https://evil.example/t.png)`, severity: "sev2" } });
    await audit(db, 30, "proposal.rejected", { proposalId: "p1", reason: hostile });
    clock.advance(60_000);
    await addNote(db, clock, { user: olivia, id: incident.id, input: { text: hostile } });
    await closeIncident(db, clock, { user: olivia, id: incident.id, input: { resolution: hostile } });
    const md = (await exported(db, incident.id, "md")).bytes.toString("utf8");

    // What a renderer could turn into a link or an image: an unescaped bracket, raw HTML, a
    // character reference. Backslash pairs are literal text, so they are removed first.
    const live = md.replace(/\\./g, "").replace(/<br>/g, "");
    expect(live).not.toMatch(/[[\]<]/);
    expect(live).not.toMatch(/&#/);
    // The text itself survives, readable: in the title, the rejection and note rows, the close
    // row and the summary's resolution.
    expect(md).toContain("# Postmortem: outage !\\[t\\](https://evil.example/t.png)");
    expect(md.split("\\[open the runbook\\](javascript:alert(1))").length - 1).toBe(4);
    // A lone carriage return is a line ending in Markdown: it must not end the table row.
    expect(md).not.toMatch(/\r/);
  });

  it("PDF: a well-formed file whose pages carry the header, figures, lag chart and the timeline text", async () => {
    const { db } = await fresh();
    const { incident } = await seeded(db);
    const { file, bytes } = await exported(db, incident.id, "pdf");
    expect(file.contentType).toBe("application/pdf");
    expect(bytes.subarray(0, 8).toString("latin1")).toBe("%PDF-1.4");
    const { pages } = readPdf(bytes);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const head = await verifyAudit(db);
    for (const page of pages) {
      expect(page).toContain("us-east-1 outage | drill");
      expect(page).toContain(`Audit chain head at export: seq ${head.headSeq}  hash ${head.headHash}`);
    }
    expect(pages[0]).toContain("Recovery figures");
    expect(pages[0]).toContain("3 min 30 s");
    expect(pages[0]).toContain("lag into us-west-2");
    expect(pages[0]).toContain("budget 1,000 ms");
    const text = pages.slice(1).join("\n");
    const positions = EXPECTED_TITLES.map((t) => text.indexOf(t.replace(/→/g, "->").trim()));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    // The note wraps where the page's width says (the author's name is part of the line).
    expect(text.replace(/\s+/g, " ")).toContain('=HYPERLINK("http://evil"), said "fail over" -> \u00fc second line');
  });

  it("PDF on Letter paper, and a timeline long enough to need many pages", async () => {
    const { db } = await fresh();
    const clock = manualClock(at(0));
    const olivia = await seedUser(db, "olivia", ["operator"]);
    const incident = await declare(db, clock, { user: olivia, input: { title: "flapping health" } });
    await db.insert(tables.observations).values(
      Array.from({ length: 400 }, (_, i) => ({ at: at(1 + i), region: "us-east-1", kind: "health", subject: "api us-east-1", fromValue: i % 2 ? "unhealthy" : "healthy", toValue: i % 2 ? "healthy" : "unhealthy", detail: {} })),
    );
    const file = await exportIncident(db, manualClock(at(500)), incident.id, "pdf", { ...OPTS, paper: "letter" });
    const bytes = await collect(file.body);
    expect(bytes.toString("latin1")).toContain("/MediaBox [0 0 612 792]");
    const { pages } = readPdf(bytes);
    expect(pages.length).toBeGreaterThan(5);
    expect(pages.at(-1)).toContain(`page ${pages.length}`);
    expect(pages.slice(1).join("\n").match(/Health check api us-east-1/g)).toHaveLength(400);
  });

  it("the figures-only pass reads enough: it gives the figures a pass over every event gives", async () => {
    const { db } = await fresh();
    const { incident } = await seeded(db);
    const src = await prepareExport(db, manualClock(at(400)), incident.id, OPTS);
    const all = src.collector();
    for await (const event of src.events()) all.add(event);
    expect(await src.figures()).toEqual(all.finish());
    const json = IncidentExport.parse(JSON.parse((await exported(db, incident.id, "json")).bytes.toString("utf8")));
    expect(json.figures).toEqual(await src.figures());
  });

  it("an unknown incident is a 404", async () => {
    const { db } = await fresh();
    await expect(exportIncident(db, manualClock(), "nope", "md", OPTS)).rejects.toMatchObject({ code: "not_found", message: "no incident nope" });
  });
});
