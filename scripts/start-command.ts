/**
 * How `npm start` runs the compiled console (package.json "start", the Dockerfile's CMD): the
 * tests and benchmarks that start it use this, so they measure what is deployed.
 *
 * `--liftoff-only` keeps V8's optimising compiler away from PGlite's WebAssembly (Postgres): ~45 MB
 * less resident and half the CPU at start, for queries that are as fast on a primary-key lookup and
 * ~1.5× slower on a scan (measured in README "Deployment"). It does not affect JavaScript.
 */
export const START_ARGS = ["--liftoff-only", "dist/serve.mjs"] as const;
