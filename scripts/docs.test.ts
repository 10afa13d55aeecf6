import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The docs travel with the code (issue 15 §6): a clone holds everything the README and docs/
 * point at. A link or a path that names a file outside the repository (`../shared/DESIGN.md`,
 * `/work/…`) or a file that was moved or deleted is a failure here, as is a test the safety model
 * cites that no test file defines — a safety claim whose proof is gone.
 */

const ROOT = resolve(__dirname, "..");
// Folders whose files are the repository's own (not built, installed or generated).
const SOURCE_DIRS = ["app", "bench", "components", "docs", "e2e", "lib", "scripts", "server", "types"];
const SKIP = new Set(["node_modules", ".next", "dist", ".data", "test-results", "playwright-report"]);

function walk(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, keep, out);
    else if (keep(path)) out.push(path);
  }
  return out;
}

/** README.md, docs/*.md and every folder's README.md. */
function markdownFiles(): string[] {
  const files = [join(ROOT, "README.md")];
  for (const dir of SOURCE_DIRS) {
    const abs = join(ROOT, dir);
    if (existsSync(abs)) files.push(...walk(abs, (f) => f.endsWith(".md") && (dir === "docs" || f.endsWith(`${sep}README.md`))));
  }
  return files;
}

const rel = (file: string) => relative(ROOT, file);
const insideRepo = (abs: string) => abs === ROOT || abs.startsWith(ROOT + sep);

/** Markdown link targets: `[text](target)` and reference definitions `[id]: target`. */
function linkTargets(text: string): string[] {
  const inline = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1] ?? "");
  const refs = [...text.matchAll(/^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1] ?? "");
  return [...inline, ...refs];
}

/**
 * Repository paths named in prose or code spans: `server/db/README.md`, `e2e/replicas/`,
 * `app/runs/[id]/page.tsx`. Only paths under the source folders count, resolved from the root
 * (that is how every README names them); placeholders (`<id>`, `…`, `*`) are not paths.
 */
function repoPaths(text: string): string[] {
  // A segment is word characters, dots and dashes, or a Next.js dynamic segment such as [id].
  const re = new RegExp(`(?<![\\w./@-])(?:${SOURCE_DIRS.join("|")})/(?:[\\w./-]|\\[[\\w.]+\\])*`, "g");
  return [...text.matchAll(re)]
    .map((m) => m[0].replace(/[.,;:]+$/, ""))
    .filter((p) => !/[<>*…{}]/.test(p));
}

describe("docs name only what the repository holds", () => {
  const files = markdownFiles();

  it("finds the README, the docs and the folder READMEs", () => {
    expect(files.map(rel)).toEqual(expect.arrayContaining(["README.md", "docs/architecture.md", "docs/safety-model.md", "docs/runbook-guide.md", "server/db/README.md"]));
  });

  it("no markdown link points outside the repository or at a file that does not exist", () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const target of linkTargets(readFileSync(file, "utf8"))) {
        if (/^(https?:|mailto:)/.test(target) || target.startsWith("#")) continue;
        const path = decodeURIComponent(target.split("#")[0] ?? "");
        if (path.startsWith("/")) {
          broken.push(`${rel(file)}: ${target} (an absolute path: not in a clone)`);
          continue;
        }
        const abs = resolve(dirname(file), path);
        if (!insideRepo(abs)) broken.push(`${rel(file)}: ${target} (outside the repository)`);
        else if (!existsSync(abs)) broken.push(`${rel(file)}: ${target} (no such file)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it("no doc names a path outside the repository (../shared, /work/…)", () => {
    const outside: string[] = [];
    for (const file of files) {
      for (const [n, line] of readFileSync(file, "utf8").split("\n").entries()) {
        if (/(^|[\s(`"'])\.\.\/shared\b|(^|[\s(`"'])\/work\//.test(line)) outside.push(`${rel(file)}:${n + 1}: ${line.trim()}`);
      }
    }
    expect(outside).toEqual([]);
  });

  it("every repository path the docs name exists", () => {
    const missing: string[] = [];
    for (const file of files) {
      for (const path of new Set(repoPaths(readFileSync(file, "utf8")))) {
        // A module may be named without its extension (`server/env`).
        const candidates = [path, `${path}.ts`, `${path}.tsx`, join(path, "index.ts")];
        if (!candidates.some((c) => existsSync(join(ROOT, c)))) missing.push(`${rel(file)}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });
});

// Test titles as vitest and Playwright declare them: it("…"), test("…"), it.skip("…") and so on.
const TITLE = /\b(?:it|test)(?:\.(?:skip|only|fails|concurrent))?\(\s*(["'`])((?:\\.|(?!\1)[^\\])*)\1/gs;
const normalise = (s: string) => s.replace(/\\(.)/g, "$1").replace(/\s+/g, " ").trim();

function titlesIn(file: string): Set<string> {
  return new Set([...readFileSync(file, "utf8").matchAll(TITLE)].map((m) => normalise(m[2] ?? "")));
}

/** Citations in the docs: `path/to/file.test.ts` › “test title”. */
function citations(text: string): { file: string; title: string }[] {
  return [...text.matchAll(/`([\w./[\]-]+\.(?:test|spec)\.tsx?)`\s*›\s*“([^”]+)”/g)].map((m) => ({ file: m[1] ?? "", title: normalise(m[2] ?? "") }));
}

describe("the safety model cites tests that exist", () => {
  const path = join(ROOT, "docs", "safety-model.md");
  const text = existsSync(path) ? readFileSync(path, "utf8") : "";
  const cited = citations(text);

  it("cites tests for every invariant", () => {
    expect(cited.length).toBeGreaterThan(30);
    for (let n = 1; n <= 14; n += 1) expect(text, `invariant ${n}`).toMatch(new RegExp(`^#{2,3} ${n}\\. `, "m"));
  });

  it("every cited test file defines the cited test", () => {
    const missing: string[] = [];
    const cache = new Map<string, Set<string>>();
    for (const { file, title } of cited) {
      const abs = join(ROOT, file);
      if (!existsSync(abs)) {
        missing.push(`${file} (no such file)`);
        continue;
      }
      const titles = cache.get(file) ?? titlesIn(abs);
      cache.set(file, titles);
      if (!titles.has(title)) missing.push(`${file} › “${title}”`);
    }
    expect(missing).toEqual([]);
  });

  it("the citation parser reads what the test files declare (it can fail)", () => {
    const file = join(ROOT, "server", "approvals", "approve.test.ts");
    expect(titlesIn(file).has("refuses an admin approving their own proposal")).toBe(true);
    expect(titlesIn(file).has("refuses an admin approving their own proposal, twice")).toBe(false);
  });
});

describe("DESIGN citations in code comments resolve inside the repository", () => {
  const design = readFileSync(join(ROOT, "docs", "design.md"), "utf8");
  const numbered = (heading: string) => {
    const section = design.split(/^## /m).find((s) => s.startsWith(heading)) ?? "";
    return new Set([...section.matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1])));
  };

  it("each cited invariant and principle is a numbered item of docs/design.md", () => {
    const invariants = numbered("Invariants");
    const principles = new Set([...design.matchAll(/^(\d+)\. \*\*/gm)].map((m) => Number(m[1])));
    const code = SOURCE_DIRS.filter((d) => d !== "docs").flatMap((d) => (existsSync(join(ROOT, d)) ? walk(join(ROOT, d), (f) => /\.(tsx?|mjs|md)$/.test(f)) : []));
    const unresolved: string[] = [];
    for (const file of code) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/DESIGN (invariants?|principles?) ([\d, and]+\d)/g)) {
        const kind = m[1] ?? "";
        const set = kind.startsWith("invariant") ? invariants : principles;
        for (const n of (m[2] ?? "").split(/,\s*|\s+and\s+/).map(Number)) {
          if (!set.has(n)) unresolved.push(`${rel(file)}: DESIGN ${kind} ${n}`);
        }
      }
    }
    expect(invariants.size).toBe(14);
    expect(unresolved).toEqual([]);
  });

  it("each quoted DESIGN section is a heading or phrase of docs/design.md", () => {
    const code = SOURCE_DIRS.filter((d) => d !== "docs").flatMap((d) => (existsSync(join(ROOT, d)) ? walk(join(ROOT, d), (f) => /\.(tsx?|mjs|md)$/.test(f)) : []));
    const unresolved: string[] = [];
    const lower = design.toLowerCase();
    for (const file of code) {
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/DESIGN(?: architecture)?(?:: |\s+")([^"\n).—;,]+)/g)) {
        const phrase = (m[1] ?? "").trim().toLowerCase();
        if (/^(invariants?|principles?) \d/.test(phrase)) continue;
        if (!lower.includes(phrase)) unresolved.push(`${rel(file)}: ${m[0].trim()}`);
      }
    }
    expect(unresolved).toEqual([]);
  });
});
