import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { expect, test, type APIRequestContext, type Download, type Page } from "@playwright/test";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { FIGURE_ORDER, figureValue, formatDuration, IncidentExport } from "../../lib/incidents";
import { parseCsv } from "../../server/incidents/export/testing";
import { setFault } from "../fixtures/drill";
import { approve, checklist, EAST, expectWriter, noActiveProposal, propose, readinessCheck, runSucceeds, signalStatus, signedInTeam, WEST } from "../fixtures/runbooks";

// A game day, recorded: Olivia declares an incident, us-east-1 goes dark, Olivia and Adam fail
// over (unplanned) and back (failback), with notes on the way; then the incident is closed and
// exported in every format, and the exports must agree with each other and with the screen.
test.describe.configure({ mode: "serial" });

const TITLE = "e2e drill: us-east-1 outage | game day";
const NOTE = 'us-east-1 dark: 5xx at the edge, "fail over" agreed';

const team = signedInTeam(test, { acceptDownloads: true });
let incidentUrl = "";

const banner = (page: Page) => page.getByRole("status", { name: "Open incident" });
const timeline = (page: Page) => page.getByRole("table", { name: /^Timeline, oldest first/ });
const events = (page: Page) => page.getByTestId("timeline-event");
const ofType = (page: Page, type: string) => page.locator(`[data-testid="timeline-event"][data-type="${type}"]`);
const figureCell = (page: Page, name: string) => page.locator(`[data-testid="figure"][data-figure="${name}"] [data-testid="figure-value"]`);

type Incidents = { incidents: { id: string }[] };

/** Closes whatever incident is open (an earlier spec's outage may have opened one automatically). */
async function closeOpenIncident(request: APIRequestContext): Promise<void> {
  const { incidents } = (await (await request.get("/api/incidents?status=open")).json()) as Incidents;
  for (const i of incidents) expect((await request.post(`/api/incidents/${i.id}/close`, { data: { resolution: "e2e: closed before the drill" } })).status()).toBe(200);
}

async function download(page: Page, name: string): Promise<{ file: Download; text: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name }).click()]);
  const path = await file.path();
  const bytes = await readFile(path);
  return { file, bytes, text: bytes.toString("utf8") };
}

// pdf.js reads the metrics of the 14 standard fonts (the export uses Helvetica and Courier) from its own files.
const standardFontDataUrl = `${join(dirname(createRequire(import.meta.url).resolve("pdfjs-dist/package.json")), "standard_fonts")}/`;

/** The text of every page, as a PDF reader (Mozilla's pdf.js) extracts it. */
async function pdfText(bytes: Buffer): Promise<{ pages: number; text: string }> {
  const doc = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, useSystemFonts: false, standardFontDataUrl }).promise;
  const parts: string[] = [];
  for (let n = 1; n <= doc.numPages; n += 1) {
    const content = await (await doc.getPage(n)).getTextContent();
    parts.push(content.items.map((item) => ("str" in item ? item.str : "")).join("\n"));
  }
  await doc.destroy();
  return { pages: doc.numPages, text: parts.join("\n") };
}

/** Every needle found in the haystack, each after the one before. */
function inOrder(haystack: string, needles: string[]): boolean {
  let from = 0;
  for (const needle of needles) {
    const i = haystack.indexOf(needle, from);
    if (i < 0) return false;
    from = i + needle.length;
  }
  return true;
}

test.beforeAll(async () => {
  await noActiveProposal(team.olivia);
  await closeOpenIncident(team.olivia.request);
});

test("an operator declares an incident, and it shows in everyone's header", async () => {
  await team.olivia.goto("/incidents");
  const form = team.olivia.getByRole("form", { name: "Declare an incident" });
  await form.getByRole("button", { name: "Declare incident" }).click();
  await expect(form.getByRole("alert")).toHaveText("Give the incident a title of at least 3 characters.");
  await form.getByLabel("Title").fill(TITLE);
  await form.getByLabel("Severity").selectOption("sev1");
  await form.getByRole("button", { name: "Declare incident" }).click();
  await expect(team.olivia).toHaveURL(/\/incidents\/[\w-]+$/);
  incidentUrl = new URL(team.olivia.url()).pathname;
  await expect(team.olivia.getByRole("heading", { level: 2, name: TITLE })).toBeVisible();
  await expect(team.olivia.getByText("You are the incident commander.")).toBeVisible();

  // Adam, on the dashboard, sees it in the header without reloading, and follows the link.
  await team.adam.goto("/");
  await expect(banner(team.adam)).toContainText(`Incident open: ${TITLE}`, { timeout: 15_000 });
  await expect(banner(team.adam)).toContainText("Commander: Olivia Operator");
  await banner(team.adam).getByRole("link", { name: TITLE }).click();
  await expect(team.adam).toHaveURL(incidentUrl);
  // Approvers do not run the incident: no actions for them.
  await expect(team.adam.getByText("Taking command, notes and closing need the operator role.")).toBeVisible();
});

test("the drill — outage, unplanned failover, failback — appears on the live timeline with the notes", async () => {
  test.setTimeout(300_000);
  await team.olivia.goto(incidentUrl);
  // The window starts 15 minutes before the incident: earlier runbook tests may be in it. Count them.
  await expect(team.olivia.getByTestId("timeline-status")).toContainText("Following live");
  const before = { runs: await ofType(team.olivia, "run.succeeded").count(), approvals: await ofType(team.olivia, "proposal.approved").count() };
  await setFault(team.ada, EAST, "region-outage", true);
  // Live: the fault's audit record arrives without a reload.
  await expect(events(team.olivia).filter({ hasText: "region-outage" }).first()).toBeVisible({ timeout: 15_000 });
  await team.olivia.getByLabel("Note for the timeline").fill(NOTE);
  await team.olivia.getByRole("button", { name: "Add note" }).click();
  await expect(team.olivia.getByLabel("Note for the timeline")).toHaveValue("");
  await expect(events(team.olivia).filter({ hasText: NOTE })).toHaveCount(1);

  await Promise.all([team.olivia.goto("/"), team.adam.goto("/")]);
  await expect(checklist(team.olivia, WEST, "unplanned").getByTestId("readiness-verdict")).toHaveText(/^.?\s*ready$/, { timeout: 60_000 });
  await propose(team.olivia, WEST, "unplanned", "failover", "e2e drill: us-east-1 is down, restore writes in us-west-2", true);
  await approve(team.adam, ["Emergency failover: us-east-1 → us-west-2"]);
  await runSucceeds(team.olivia, 120_000);

  await setFault(team.ada, EAST, "region-outage", false);
  await Promise.all([team.olivia.goto("/"), team.adam.goto("/")]);
  await expect(signalStatus(team.olivia, EAST, "authority")).toHaveAttribute("data-status", "ok", { timeout: 60_000 });
  await expect(readinessCheck(checklist(team.olivia, EAST, "planned"), "target-not-writer")).toHaveAttribute("data-status", "pass", { timeout: 60_000 });
  await propose(team.olivia, EAST, "planned", "failback", "e2e drill: us-east-1 is back, fail back to it");
  await approve(team.adam, ["Failback: us-west-2 → us-east-1"]);
  await runSucceeds(team.adam, 150_000);
  await team.olivia.goto("/");
  await expectWriter(team.olivia, EAST);

  // Back on the incident: both runs are on the timeline, and the figures have what they need.
  await team.olivia.goto(incidentUrl);
  await expect(events(team.olivia).filter({ hasText: NOTE })).toHaveCount(1);
  await expect(ofType(team.olivia, "run.succeeded")).toHaveCount(before.runs + 2, { timeout: 15_000 });
  await expect(ofType(team.olivia, "proposal.approved")).toHaveCount(before.approvals + 2);
  await expect(ofType(team.olivia, "run.succeeded").nth(-2)).toContainText("Run succeeded: unplanned-failover to us-west-2");
  await expect(ofType(team.olivia, "run.succeeded").last()).toContainText("Run succeeded: failback to us-east-1");
  for (const figure of ["firstImpact", "detected", "timeToDecide", "timeToRecover", "dataLoss", "timeToFailback"]) {
    await expect(figureCell(team.olivia, figure), figure).not.toHaveText("—", { timeout: 15_000 });
  }
});

test("timeline filters live in the URL", async () => {
  await team.olivia.goto(incidentUrl);
  await expect(events(team.olivia).first()).toBeVisible();
  const all = await events(team.olivia).count();
  await team.olivia.getByRole("group", { name: "Timeline filters" }).getByLabel("Finding").check();
  await expect(team.olivia).toHaveURL(/\?kind=finding$/);
  await expect(timeline(team.olivia)).toHaveAccessibleName("Timeline, oldest first: finding events");
  // Rows first (the table is empty while the filtered page loads), then none of another kind.
  await expect(events(team.olivia).filter({ hasText: "Finding raised" }).first()).toBeVisible();
  await expect(team.olivia.locator('[data-testid="timeline-event"]:not([data-kind="finding"])')).toHaveCount(0);
  expect(await events(team.olivia).count()).toBeLessThan(all);
  await team.olivia.getByLabel("Region").selectOption(EAST);
  await team.olivia.getByRole("group", { name: "Timeline filters" }).getByLabel("critical").check();
  await expect(team.olivia).toHaveURL(/\?kind=finding&region=us-east-1&severity=critical$/);
  // A link to the filtered view shows the same view.
  await team.olivia.reload();
  await expect(timeline(team.olivia)).toHaveAccessibleName("Timeline, oldest first: finding events in us-east-1 of severity critical");
  await expect(events(team.olivia).filter({ hasText: "Finding raised" }).first()).toBeVisible();
  await expect(team.olivia.locator('[data-testid="timeline-event"]:not([data-kind="finding"])')).toHaveCount(0);
  await team.olivia.getByRole("button", { name: "Show everything" }).click();
  await expect(team.olivia).toHaveURL(new RegExp(`${incidentUrl}$`));
});

test("closing the incident takes it out of the header and freezes its record", async () => {
  await team.olivia.goto(incidentUrl);
  await team.olivia.getByRole("button", { name: "Close incident…" }).click();
  const close = team.olivia.getByRole("form", { name: "Close the incident" });
  await close.getByLabel("Resolution (optional)").fill("Failed back to us-east-1; no data lost beyond the estimate.");
  await close.getByRole("button", { name: "Confirm close" }).click();
  await expect(team.olivia.getByTestId("incident-status")).toHaveAttribute("data-status", "closed");
  await expect(team.olivia.getByText("The incident is closed: its record is final. Export it below.")).toBeVisible();
  await expect(banner(team.olivia)).toHaveText("");
  // The close record arrives on the timeline without a reload.
  await expect(ofType(team.olivia, "incident.closed")).toHaveCount(1);
  await expect(ofType(team.olivia, "incident.closed")).toContainText("Olivia Operator (olivia) closed the incident");
});

/**
 * The audit head an export states: each pins the chain's head when it is made, and a record the
 * console appends between two downloads (a finding clearing, a sign-in) moves the next one's on.
 */
function expectHeadFrom(text: string, first: { seq: number; hash: string }) {
  const m = /seq (\d+)\W+hash\W+([0-9a-f]{64})/.exec(text);
  expect(m, "the export states the audit head").not.toBeNull();
  const seq = Number(m?.[1]);
  expect(seq).toBeGreaterThanOrEqual(first.seq);
  if (seq === first.seq) expect(m?.[2]).toBe(first.hash);
}

test("every export holds the same figures and events, in order, with the audit head", async () => {
  await team.olivia.goto(incidentUrl);
  const json = IncidentExport.parse(JSON.parse((await download(team.olivia, "Export JSON")).text));
  expect(json.incident.title).toBe(TITLE);
  expect(json.incident.status).toBe("closed");
  expect(json.eventCount).toBe(json.events.length);
  const times = json.events.map((e) => Date.parse(e.at));
  expect([...times].sort((a, b) => a - b)).toEqual(times);
  for (const type of ["proposal.created", "proposal.approved", "run.succeeded", "incident.closed", "note"]) expect(json.events.some((e) => e.type === type), type).toBe(true);
  // The drill's two runs are the last to succeed (earlier runbook tests may fall in the 15-minute lead).
  expect(json.events.filter((e) => e.type === "run.succeeded").slice(-2).map((e) => e.data.runbook)).toEqual(["unplanned-failover", "failback"]);
  const note = json.events.find((e) => e.kind === "note");
  expect(note?.detail).toBe(NOTE);
  const head = json.auditHead;

  // The screen shows the figures the export computed.
  for (const name of ["timeToDecide", "timeToRecover", "timeToFailback"] as const) {
    const f = json.figures[name];
    expect(f.ms, name).not.toBeNull();
    await expect(figureCell(team.olivia, name)).toHaveText(formatDuration(f.ms));
  }

  // Markdown: the postmortem skeleton, the figures table, every event in the same order.
  const md = await download(team.olivia, "Export Markdown postmortem");
  expect(md.file.suggestedFilename()).toMatch(/^incident-.*\.md$/);
  for (const heading of ["## Summary", "## Impact", "## Recovery figures", "## Timeline", "## What went well", "## What went badly", "## Action items"]) expect(md.text).toContain(`\n${heading}\n`);
  for (const name of FIGURE_ORDER) {
    const f = json.figures[name];
    expect(md.text, name).toContain(`| ${f.label} | ${figureValue(f)} |`);
  }
  const mdRows = md.text
    .slice(md.text.indexOf("## Timeline"), md.text.indexOf("## What went well"))
    .split("\n")
    .filter((line) => /^\| \d{4}-/.test(line));
  expect(mdRows.map((row) => row.split(" | ").at(-1)?.replace(/ \|$/, ""))).toEqual(json.events.map((e) => `${e.source.table} ${e.source.id}`));
  expectHeadFrom(md.text, head);

  // CSV: one row per event, the same events in the same order, the head on every row.
  const csv = parseCsv((await download(team.olivia, "Export CSV")).text);
  const [header, ...rows] = csv;
  expect(header).toEqual(["at", "kind", "type", "region", "severity", "actor", "title", "detail", "source_table", "source_id", "incident_id", "audit_head_seq", "audit_head_hash"]);
  expect(rows.map((r) => `${r[8]} ${r[9]}`)).toEqual(json.events.map((e) => `${e.source.table} ${e.source.id}`));
  expect(rows.map((r) => r[0])).toEqual(json.events.map((e) => e.at));
  const csvHeads = new Set(rows.map((r) => `seq ${r[11]} hash ${r[12]}`));
  expect(csvHeads.size).toBe(1);
  expectHeadFrom([...csvHeads][0] ?? "", head);

  // PDF: opens in a real reader, has the figures and the timeline, in order, and the head.
  const pdf = await download(team.olivia, "Export PDF for print");
  expect(pdf.bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  const { pages, text } = await pdfText(pdf.bytes);
  expect(pages).toBeGreaterThanOrEqual(2);
  expect(text).toContain("Recovery figures");
  expectHeadFrom(text, head);
  expect(inOrder(text, json.events.map((e) => e.at.slice(11, 23)))).toBe(true);
  expect(text).toContain("us-east-1 dark: 5xx at the edge");
});
