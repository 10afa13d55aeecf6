/**
 * Figure: the dashboard's first paint with 7 days of observations stored (issue 15 target: < 1 s
 * on this machine). Starts the built console (`npm run build` first) on a fresh PostgreSQL
 * database, stores what a week of monitoring leaves — a lag sample per region per second (the sim's
 * cadence, kept `monitor.lagRetentionHours` = 168 h) and a transition or finding change every few
 * seconds — then loads `/` signed in, in Chromium, several times. Prints each load's time to first
 * byte, first contentful paint and DOMContentLoaded; asserts nothing.
 *
 *   BENCH_DATABASE_URL=postgres://… npm run bench:first-paint   (PAINT_RUNS, PAINT_OBS_EVERY_S, PAINT_EMPTY=1)
 */
import { chromium } from "@playwright/test";
import pg from "pg";
import { freshBenchDatabase, percentile, signIn, startConsole } from "./console";

const PORT = 3190;
const RUNS = Number(process.env.PAINT_RUNS ?? 7);
/** One observation every this many seconds over the week (transitions, findings raised/cleared). */
const OBS_EVERY_S = Number(process.env.PAINT_OBS_EVERY_S ?? 5);
/** PAINT_EMPTY=1: the same loads on an empty store, to tell the week's cost from the machine's. */
const EMPTY = process.env.PAINT_EMPTY === "1";
const DAY_S = 86_400;
const WEEK_S = 7 * DAY_S;

/** A week back from now, in SQL: lag samples every second for both regions, observations every OBS_EVERY_S. */
async function seedWeek(url: string): Promise<{ lagSamples: number; observations: number; seconds: number }> {
  const started = Date.now();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO lag_samples (region, at, replication_lag_ms, rpo_lag_ms)
       SELECT r, now() - make_interval(secs => s), (random() * 900)::int, (random() * 1500)::int
       FROM generate_series(60, $1::int) s, unnest(ARRAY['us-east-1', 'us-west-2']) r
       ON CONFLICT DO NOTHING`,
      [WEEK_S],
    );
    // Kinds as the monitor writes them, alternating bad and good so every finding is raised and cleared.
    await client.query(
      `INSERT INTO observations (at, region, kind, subject, from_value, to_value, detail)
       SELECT now() - make_interval(secs => s),
              CASE WHEN s % 2 = 0 THEN 'us-east-1' ELSE 'us-west-2' END,
              (ARRAY['health', 'lag-budget', 'signal', 'control-plane', 'finding'])[1 + (s / $2) % 5],
              'subject ' || ((s / $2) % 7),
              CASE WHEN (s / $2) % 2 = 0 THEN 'healthy' ELSE 'raised' END,
              CASE WHEN (s / $2) % 2 = 0 THEN 'unhealthy' ELSE 'cleared' END,
              jsonb_build_object('severity', 'warning', 'title', 'bench finding ' || ((s / $2) % 7))
       FROM generate_series(60, $1::int, $2::int) s`,
      [WEEK_S, OBS_EVERY_S],
    );
    await client.query("ANALYZE lag_samples; ANALYZE observations");
    const count = async (table: string) => Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0);
    return { lagSamples: await count("lag_samples"), observations: await count("observations"), seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

// Evaluated in the page as text: tsx's helpers (`__name`) do not exist there.
const IN_PAGE = `(async () => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = () => performance.getEntriesByName("first-contentful-paint")[0]?.startTime;
  for (let n = 0; n < 50 && paint() === undefined; n++) await new Promise((r) => setTimeout(r, 20));
  return { ttfb: nav ? nav.responseStart : NaN, fcp: paint() ?? NaN, dcl: nav ? nav.domContentLoadedEventEnd : NaN };
})()`;

async function main(): Promise<void> {
  const url = await freshBenchDatabase("fc_bench_first_paint", "bench:first-paint");
  // The console migrates the fresh database as it starts; the week goes in while it runs.
  // The browser first: a console started before a browser that fails to launch would outlive the bench.
  const browser = await chromium.launch({ executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium" });
  const console_ = await startConsole(PORT, { DATABASE_URL: url }).catch(async (err: unknown) => {
    await browser.close();
    throw err;
  });
  try {
    const seeded = EMPTY ? { lagSamples: 0, observations: 0, seconds: 0 } : await seedWeek(url);
    console.log(`stored: ${seeded.lagSamples} lag samples and ${seeded.observations} observations over 7 days (seeded in ${seeded.seconds.toFixed(1)} s)`);
    const cookie = await signIn(console_.base, "vera", "vera-demo-pass");
    const cookies = cookie.split("; ").map((pair) => {
      const [name = "", ...value] = pair.split("=");
      return { name, value: value.join("="), url: console_.base };
    });
    // Chromium's own first navigation is slow; a viewer's browser is already running. Warm it on a
    // JSON route, so "first load after start" is the console's cold start, not the browser's.
    const warm = await browser.newContext();
    await (await warm.newPage()).goto(`${console_.base}/api/health`);
    await warm.close();
    const rows: { ttfb: number; fcp: number; dcl: number }[] = [];
    for (let i = 0; i < RUNS; i++) {
      // A new context each time: no cache, no service worker, a viewer opening the dashboard cold.
      const context = await browser.newContext();
      await context.addCookies(cookies);
      const page = await context.newPage();
      await page.goto(`${console_.base}/`, { waitUntil: "load" });
      const t = (await page.evaluate(IN_PAGE)) as { ttfb: number; fcp: number; dcl: number };
      if (page.url().includes("/login")) throw new Error("not signed in: the dashboard redirected to /login");
      rows.push(t);
      console.log(`load ${i + 1}: first byte ${t.ttfb.toFixed(0)} ms, first contentful paint ${t.fcp.toFixed(0)} ms, DOMContentLoaded ${t.dcl.toFixed(0)} ms${i === 0 ? " (first load after start)" : ""}`);
      await context.close();
    }
    const fcp = rows.map((r) => r.fcp).sort((a, b) => a - b);
    console.log(`first contentful paint over ${RUNS} loads: median ${percentile(fcp, 50).toFixed(0)} ms, max ${(fcp.at(-1) ?? NaN).toFixed(0)} ms (target < 1000 ms)`);
  } finally {
    await browser.close();
    await console_.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
