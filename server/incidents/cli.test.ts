import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { IncidentExport } from "@/lib/incidents";
import { manualClock } from "@/server/clock";
import { migrate, openStore } from "@/server/db";
import { runScript } from "@/scripts/testing";
import { addNote, declare } from ".";
import { readPdf } from "./export/testing";
import { at, seedUser } from "./testing";

// Runs `npm run timeline:export` as an operator would, against a PGlite folder the test seeds and closes first.
const exportCli = (dir: string, args: string[]) => runScript("scripts/timeline-export.ts", args, { DATABASE_URL: "", CONSOLE_DATA_DIR: dir });

async function seededDir(): Promise<{ dir: string; id: string }> {
  const dir = await mkdtemp(join(tmpdir(), "fc-timeline-"));
  const store = await openStore({ kind: "pglite", dataDir: join(dir, "data") });
  await migrate(store.db);
  const clock = manualClock(at(0));
  const olivia = await seedUser(store.db, "olivia", ["operator"]);
  const incident = await declare(store.db, clock, { user: olivia, input: { title: "CLI drill" } });
  clock.advance(30_000);
  await addNote(store.db, clock, { user: olivia, id: incident.id, input: { text: "exported from the command line" } });
  await store.close();
  return { dir, id: incident.id };
}

describe("npm run timeline:export", () => {
  // Each run starts a process that compiles the scripts and opens PGlite: seconds, not milliseconds.
  it("writes Markdown to stdout and a PDF to --out, atomically", { timeout: 90_000 }, async () => {
    const { dir, id } = await seededDir();
    const data = join(dir, "data");
    const md = await exportCli(data, ["--incident", id, "--format", "md"]);
    expect(md.stderr).toBe("");
    expect(md.code).toBe(0);
    expect(md.stdout).toMatch(/^# Postmortem: CLI drill\n/);
    expect(md.stdout).toContain("exported from the command line");

    const out = join(dir, "timeline.pdf");
    const pdf = await exportCli(data, ["--incident", id, "--format", "pdf", "--out", out, "--paper", "letter"]);
    expect(pdf.code).toBe(0);
    expect(pdf.stderr).toMatch(new RegExp(`^timeline:export: wrote ${out.replace(/[.]/g, "\\.")} \\(pdf; audit head seq 2 hash [0-9a-f]{64}\\)\\n$`));
    expect(readPdf(await readFile(out)).pages.join("\n")).toContain("exported from the command line");
    expect(await readdir(dir)).toEqual(["data", "timeline.pdf"]);

    const json = await exportCli(data, ["--incident", id, "--format", "json"]);
    expect(IncidentExport.parse(JSON.parse(json.stdout)).incident.id).toBe(id);
  });

  it("exits 2 naming a bad format or a missing argument, and 1 for an unknown incident", { timeout: 90_000 }, async () => {
    const { dir, id } = await seededDir();
    const data = join(dir, "data");
    const bad = await exportCli(data, ["--incident", id, "--format", "docx"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^timeline:export: unknown format "docx": expected md, json, csv, pdf\n/);
    const missing = await exportCli(data, ["--format", "md"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^timeline:export: --incident ID is required/);
    const unknown = await exportCli(data, ["--incident", "no-such-incident", "--format", "csv"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^timeline:export: no incident no-such-incident in PGlite in /);
  });
});
