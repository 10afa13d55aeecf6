import { access, cp, mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";

/**
 * A fresh PGlite folder costs its initdb: ~8 s of CPU, and its WebAssembly memory grows to ~700 MB
 * and never shrinks, so a console that initialised its own store idled at ~380 MB more than one
 * that reopened it. `npm run build` runs that initdb once (scripts/build-server.mjs) and keeps the
 * result; a new data folder starts as a copy of it — the same files PGlite's own initdb would
 * write, made by the same PGlite package — and PGlite then opens it as an existing database.
 *
 * PG_VERSION is what PGlite looks for to decide "existing", so it is copied last: a copy cut off
 * half-way is started over on the next start rather than opened. Returns whether it copied.
 */
export async function seedFromTemplate(dataDir: string, templateDir: string | undefined): Promise<boolean> {
  if (!templateDir) return false;
  if (await exists(join(dataDir, "PG_VERSION"))) return false;
  if (!(await exists(join(templateDir, "PG_VERSION")))) return false;
  // The paths are known only at run time: the turbopackIgnore hints keep Next's file tracing from
  // copying bits of the template into its standalone output (the image copies dist/ whole).
  await mkdir(/* turbopackIgnore: true */ dataDir, { recursive: true });
  for (const entry of await readdir(/* turbopackIgnore: true */ templateDir)) {
    if (entry !== "PG_VERSION") await cp(/* turbopackIgnore: true */ join(templateDir, entry), join(dataDir, entry), { recursive: true, force: true });
  }
  await cp(/* turbopackIgnore: true */ join(templateDir, "PG_VERSION"), join(dataDir, "PG_VERSION"));
  return true;
}

async function exists(path: string): Promise<boolean> {
  return access(/* turbopackIgnore: true */ path).then(
    () => true,
    () => false,
  );
}
