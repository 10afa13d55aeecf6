// The second half of `npm run build` (after `next build`): compiles the launcher and prepares
// the embedded store's template, so `npm start` runs plain JavaScript with no TypeScript loader.
//
// 1. dist/serve.mjs (and dist/chunks/) — scripts/serve.ts and the server code it imports, bundled by esbuild. Next,
//    PGlite (it loads its WebAssembly from its own package folder) and pg (its optional native
//    binding) stay external; everything else is inside, so the image needs only what Next's
//    standalone output traced plus those two. `server-only` resolves to an empty module, as
//    scripts/server-only-hook.mjs does for the TypeScript scripts.
// 2. dist/pglite-template/ — a data folder PGlite's initdb wrote, copied into each new
//    CONSOLE_DATA_DIR (server/db/template.ts) instead of running initdb at every first start.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

// Stale chunks from an earlier build would linger beside the new ones.
rmSync(join(dist, "chunks"), { recursive: true, force: true });
await build({
  entryPoints: [join(root, "scripts/serve.ts")],
  outdir: dist,
  outExtension: { ".js": ".mjs" },
  // The AWS provider is imported only in aws mode (server/providers/index.ts): a chunk of its own.
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  // Minified and ASCII-only: V8 keeps each module's source text for its whole life, and one
  // non-ASCII character (a comment's dash) makes that a two-byte string — 11 MB instead of 3.
  minify: true,
  charset: "ascii",
  sourcemap: true,
  logLevel: "warning",
  tsconfig: join(root, "tsconfig.json"),
  alias: { "server-only": join(root, "scripts/empty-module.js") },
  external: ["next", "next/*", "@electric-sql/pglite", "@electric-sql/pglite/*", "pg", "pg-native"],
  // Bundled CommonJS packages call require(); an ES module has none unless given one.
  banner: { js: "import { createRequire as __fcCreateRequire } from 'node:module'; const require = __fcCreateRequire(import.meta.url);" },
});
console.log("built dist/serve.mjs");

// The template is rebuilt only when the PGlite package changed (its initdb takes a while).
const pgliteVersion = JSON.parse(readFileSync(join(root, "node_modules/@electric-sql/pglite/package.json"), "utf8")).version;
const template = join(dist, "pglite-template");
const stamp = join(dist, "pglite-template.json");
const current = (() => {
  try {
    return JSON.parse(readFileSync(stamp, "utf8")).pglite;
  } catch {
    return null;
  }
})();
if (current === pgliteVersion) {
  console.log(`dist/pglite-template is current (PGlite ${pgliteVersion})`);
} else {
  const work = mkdtempSync(join(dist, ".pglite-template-"));
  const folder = join(work, "pgdata");
  // A child process, so the ~700 MB initdb leaves with it.
  const init = `import { PGlite } from "@electric-sql/pglite"; const db = new PGlite(${JSON.stringify(folder)}); await db.waitReady; await db.close();`;
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", init], { cwd: root, stdio: "inherit" });
  if (run.status !== 0) throw new Error(`PGlite initdb for the template failed (exit ${run.status})`);
  rmSync(template, { recursive: true, force: true });
  renameSync(folder, template);
  rmSync(work, { recursive: true, force: true });
  writeFileSync(stamp, JSON.stringify({ pglite: pgliteVersion }) + "\n");
  console.log(`built dist/pglite-template (PGlite ${pgliteVersion})`);
}
