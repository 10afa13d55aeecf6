/**
 * `npm run timeline:export -- --incident ID --format md|json|csv|pdf [--out FILE] [--paper a4|letter]`:
 * exports an incident's timeline from the console's store (DATABASE_URL, else PGlite in
 * CONSOLE_DATA_DIR), the same file GET /api/incidents/:id/export serves. Writes to FILE (via a
 * temporary file renamed at the end, so a reader never sees half an export), else to stdout — a
 * PDF only when stdout is not a terminal. Exit 0 done, 1 no such incident or the export failed,
 * 2 usage, config or store errors.
 */
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import { EXPORT_FORMATS, ExportFormat, PaperSize } from "@/lib/incidents";
import { systemClock } from "@/server/clock";
import { loadConfig } from "@/server/config";
import { databaseMessage, openMigratedStore, type Store } from "@/server/db";
import { env } from "@/server/env";
import { ServiceError } from "@/server/errors";
import { exportIncident, exportOptions } from "@/server/incidents";
import { finish } from "./cli";

const USAGE = `usage: npm run timeline:export -- --incident ID --format md|json|csv|pdf [--out FILE] [--paper a4|letter]

Exports an incident's timeline, recovery figures and the audit chain's head from the console's
store (DATABASE_URL, or PGlite in CONSOLE_DATA_DIR: stop the console first).

  --incident ID   the incident (its id from GET /api/incidents or the incident page)
  --format F      md (postmortem skeleton), json (versioned schema), csv (one row per event), pdf
  --out FILE      write to FILE instead of stdout (required for pdf on a terminal)
  --paper P       pdf page size: a4 (default) or letter
  -h, --help      show this help

Exit status: 0 written, 1 no such incident or the export failed, 2 usage, config or store error.
`;

const fail = (code: number, message: string, usage = false) => finish(code, "", `timeline:export: ${message}\n${usage ? `\n${USAGE}` : ""}`);

/** Waits until stdout takes more, or fails (the error itself is kept by the caller's listener). */
function drainedOrBroken(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.stdout.off("drain", done);
      process.stdout.off("error", done);
      resolve();
    };
    process.stdout.on("drain", done);
    process.stdout.on("error", done);
  });
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        incident: { type: "string" },
        format: { type: "string" },
        out: { type: "string" },
        paper: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return fail(2, err instanceof Error ? err.message : String(err), true);
  }
  if (values.help) return finish(0, USAGE);
  if (!values.incident) return fail(2, "--incident ID is required", true);
  const format = ExportFormat.safeParse(values.format);
  if (!format.success) {
    const got = values.format === undefined ? "--format is required" : `unknown format "${values.format}"`;
    return fail(2, `${got}: expected ${EXPORT_FORMATS.join(", ")}`, true);
  }
  const paper = PaperSize.safeParse(values.paper ?? "a4");
  if (!paper.success) return fail(2, `unknown paper size "${values.paper}": expected a4 or letter`, true);
  if (format.data === "pdf" && !values.out && process.stdout.isTTY) {
    return fail(2, "a PDF is binary: give --out FILE, or redirect stdout to a file");
  }

  let config;
  try {
    config = await loadConfig(env().CONSOLE_CONFIG);
  } catch (err) {
    return fail(2, err instanceof Error ? err.message : String(err));
  }
  let store: Store;
  try {
    const e = env();
    // Migrates (as DATABASE_OWNER_URL's role when set) so an older store can be read.
    store = await openMigratedStore(e, (message) => process.stderr.write(`timeline:export: warning: ${message}\n`));
  } catch (err) {
    const hint = env().DATABASE_URL ? "" : " (is the console running? PGlite's folder can be opened by one process at a time; stop it first)";
    return fail(2, `cannot open the store${hint}: ${databaseMessage(err) || String(err)}`);
  }
  try {
    const file = await exportIncident(store.db, systemClock, values.incident, format.data, { ...exportOptions(config), paper: paper.data });
    if (values.out) {
      const tmp = `${values.out}.partial`;
      try {
        await pipeline(Readable.from(file.body), createWriteStream(tmp));
        await rename(tmp, values.out);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
      await store.close();
      return finish(0, "", `timeline:export: wrote ${values.out} (${file.format}; audit head seq ${file.source.head.seq} hash ${file.source.head.hash})\n`);
    }
    // A reader that stops early (`| head`) closes the pipe: stop exporting and exit quietly, as Unix tools do.
    const pipe: { error: NodeJS.ErrnoException | null } = { error: null };
    process.stdout.on("error", (err: NodeJS.ErrnoException) => (pipe.error = err));
    for await (const chunk of file.body) {
      if (pipe.error) break;
      if (!process.stdout.write(chunk)) await drainedOrBroken();
    }
    await store.close();
    if (pipe.error?.code === "EPIPE") process.exit(0);
    if (pipe.error) return fail(1, `cannot write to stdout: ${pipe.error.message}`);
    finish(0, "");
  } catch (err) {
    await store.close().catch(() => undefined);
    if (err instanceof ServiceError && err.code === "not_found") return fail(1, `${err.message} in ${store.describe}`);
    fail(1, databaseMessage(err) || String(err));
  }
}

void main();
