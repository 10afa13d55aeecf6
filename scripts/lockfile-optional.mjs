#!/usr/bin/env node
// The package registry this project is built from serves only the Linux builds of packages that
// ship one binary per platform (@next/swc-*, @tailwindcss/oxide-*, …). `npm install` then leaves
// the other platforms' optional packages out of package-lock.json, and `npm ci` refuses the lock
// as out of sync. This adds each missing optional package back as an optional entry at the
// version its parent pins; npm ci skips it on a platform it does not fit, exactly as it would
// with a complete lock. Run it after `npm install` changes the lock: `npm run lock:fix`.
import { readFileSync, writeFileSync } from "node:fs";

const file = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(file, "utf8"));
const packages = lock.packages;
const added = [];

for (const [path, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ""}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range)) {
      console.error(`lockfile-optional: ${name} is wanted as "${range}" (not an exact version); add it by hand`);
      process.exitCode = 1;
      continue;
    }
    // `dev` mirrors the parent, as npm itself writes it on the next `npm install`.
    packages[`node_modules/${name}`] = { version: range, ...(entry.dev ? { dev: true } : {}), optional: true };
    added.push(`${name}@${range}`);
  }
}

if (added.length === 0) {
  console.log("lockfile-optional: lock already complete");
  process.exit();
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile-optional: added ${added.length} optional entries`);
