import { fileURLToPath } from "node:url";
import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";
import { REPLICA_A_PORT, REPLICA_B_PORT, replicaDatabaseUrl } from "./e2e/fixtures/replicas";
import { WEBHOOK_PORT, WEBHOOK_SECRET } from "./e2e/fixtures/webhook";

// Servers start from the repository root, whichever config (e2e or bench) extends this one.
const root = fileURLToPath(new URL(".", import.meta.url));

// Debian's Chromium, never a downloaded browser (this machine cannot fetch one).
const executablePath = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
export const CONSOLE_PORT = 3100;
/** A second console, its world only changed by the runbook tests (they move the writer between regions). */
export const RUNBOOK_CONSOLE_PORT = 3101;
/** A third console, in detach mode (its unplanned failover splits the global database for good). */
export const DETACH_CONSOLE_PORT = 3102;
export const OIDC_PORT = 4455;
/** The screen tests' console (e2e/screens): screenshots at three widths and the accessibility scan. */
export const SCREENS_CONSOLE_PORT = 3106;

// E2E_ONLY=<project> starts only that project's consoles (Playwright starts every webServer
// whatever --project says): e.g. `E2E_ONLY=replicas npx playwright test --project replicas`.
const only = process.env.E2E_ONLY;
/** Projects that run on another project's consoles. */
const SHARES: Record<string, string> = { world: "chromium" };
const serves = (project: string) => !only || only === project || SHARES[only] === project;
/** Two consoles on one fresh PostgreSQL database (e2e/replicas); null without TEST_DATABASE_URL, and the tests skip. */
const replicaDatabase = replicaDatabaseUrl(process.env.TEST_DATABASE_URL);
const replicaEnv = { CONSOLE_CONFIG: "e2e/fixtures/console.replicas.yaml", DATABASE_URL: replicaDatabase ?? "" };

/** The chromium console's specs that toggle drill faults (the "world" project). */
const WORLD_SPECS = /e2e\/(dashboard|plan|audit-page)\.spec\.ts$/;

type WebServer = Extract<NonNullable<PlaywrightTestConfig["webServer"]>, readonly unknown[]>[number];
/** Each console (and the identity provider) with the project whose tests use it. */
const servers: { project: string; server: WebServer }[] = [
  {
    project: "chromium",
    server: {
      command: "npx tsx e2e/fixtures/oidc-server.ts",
      cwd: root,
      url: `http://127.0.0.1:${OIDC_PORT}/.well-known/openid-configuration`,
      env: { OIDC_TEST_PORT: String(OIDC_PORT) },
      reuseExistingServer: false,
      stdout: "pipe",
    },
  },
  {
    project: "chromium",
    server: {
      // A fresh data folder per run; the production build from `npm run build`.
      command: "rm -rf .data/e2e && npm start",
      cwd: root,
      url: `http://localhost:${CONSOLE_PORT}/api/health`,
      env: {
        PORT: String(CONSOLE_PORT),
        CONSOLE_CONFIG: "e2e/fixtures/console.e2e.yaml",
        CONSOLE_DATA_DIR: ".data/e2e",
        E2E_WEBHOOK_URL: `http://127.0.0.1:${WEBHOOK_PORT}/hook`,
        E2E_WEBHOOK_SECRET: WEBHOOK_SECRET,
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
    },
  },
  {
    project: "runbooks",
    server: {
      command: "rm -rf .data/e2e-runbooks && npm start",
      cwd: root,
      url: `http://localhost:${RUNBOOK_CONSOLE_PORT}/api/health`,
      env: {
        PORT: String(RUNBOOK_CONSOLE_PORT),
        CONSOLE_CONFIG: "e2e/fixtures/console.runbooks.yaml",
        CONSOLE_DATA_DIR: ".data/e2e-runbooks",
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
    },
  },
  {
    project: "detach",
    server: {
      command: "rm -rf .data/e2e-detach && npm start",
      cwd: root,
      url: `http://localhost:${DETACH_CONSOLE_PORT}/api/health`,
      env: {
        PORT: String(DETACH_CONSOLE_PORT),
        CONSOLE_CONFIG: "e2e/fixtures/console.detach.yaml",
        CONSOLE_DATA_DIR: ".data/e2e-detach",
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
    },
  },
  {
    project: "screens",
    server: {
      command: "rm -rf .data/e2e-screens && npm start",
      cwd: root,
      url: `http://localhost:${SCREENS_CONSOLE_PORT}/api/health`,
      env: {
        PORT: String(SCREENS_CONSOLE_PORT),
        CONSOLE_CONFIG: "e2e/fixtures/console.screens.yaml",
        CONSOLE_DATA_DIR: ".data/e2e-screens",
      },
      reuseExistingServer: false,
      timeout: 120_000,
      stdout: "pipe",
    },
  },
  // Two replicas on one fresh PostgreSQL database; not started without one (the tests skip).
  ...(replicaDatabase
    ? [
        {
          project: "replicas",
          server: {
            // Replica A recreates the database, then migrates it as it starts.
            command: "npx tsx e2e/fixtures/replica-database.ts fresh && npm start",
            cwd: root,
            url: `http://localhost:${REPLICA_A_PORT}/api/health`,
            env: { ...replicaEnv, PORT: String(REPLICA_A_PORT) },
            reuseExistingServer: false,
            timeout: 180_000,
            stdout: "pipe" as const,
          },
        },
        {
          project: "replicas",
          server: {
            // Replica B joins once A has the database ready (Playwright may start the servers together).
            command: `npx tsx e2e/fixtures/replica-database.ts wait http://localhost:${REPLICA_A_PORT}/api/health && npm start`,
            cwd: root,
            url: `http://localhost:${REPLICA_B_PORT}/api/health`,
            env: { ...replicaEnv, PORT: String(REPLICA_B_PORT) },
            reuseExistingServer: false,
            timeout: 180_000,
            stdout: "pipe" as const,
          },
        },
      ]
    : []),
];

export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  reporter: [["list"]],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://localhost:${CONSOLE_PORT}`,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath,
      args: [
        ...(isRoot ? ["--no-sandbox"] : []),
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  projects: [
    { name: "chromium", testIgnore: [/(runbooks|detach|replicas|store|screens)\//, WORLD_SPECS], use: { ...devices["Desktop Chrome"], channel: undefined } },
    {
      // The specs that toggle drill faults in the chromium console's world take turns (each one
      // clears the faults another set, a fault on fails another's checks, and the audit page's
      // view of toggles must hold still while it pages); the rest of the chromium specs run
      // alongside them as before.
      name: "world",
      testMatch: WORLD_SPECS,
      fullyParallel: false,
      workers: 1,
      use: { ...devices["Desktop Chrome"], channel: undefined },
    },
    {
      // Proposals that get approved start real runs: they get a world of their own, so the other
      // tests' dashboards never see the writer move under them.
      name: "runbooks",
      testDir: "e2e/runbooks",
      fullyParallel: false,
      // One world, one active proposal at a time: the runbook files take turns.
      workers: 1,
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: `http://localhost:${RUNBOOK_CONSOLE_PORT}` },
    },
    {
      name: "detach",
      testDir: "e2e/detach",
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: `http://localhost:${DETACH_CONSOLE_PORT}` },
    },
    {
      // Two replicas, one database, one world: each test names the replica it talks to.
      name: "replicas",
      testDir: "e2e/replicas",
      fullyParallel: false,
      workers: 1,
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: `http://localhost:${REPLICA_A_PORT}` },
    },
    {
      // The 3 a.m. screen (issue 15 §4): screenshots at 390, 1440 and 1920 px and an axe scan of every page, on a world of its own.
      name: "screens",
      testDir: "e2e/screens",
      fullyParallel: false,
      workers: 1,
      use: { ...devices["Desktop Chrome"], channel: undefined, baseURL: `http://localhost:${SCREENS_CONSOLE_PORT}` },
    },
    {
      // A console on a PostgreSQL cluster of its own, which the test stops and starts (e2e/store).
      name: "store",
      testDir: "e2e/store",
      use: { ...devices["Desktop Chrome"], channel: undefined },
    },
  ],
  webServer: servers.filter((s) => serves(s.project)).map((s) => s.server),
});
