import base from "../playwright.config";

// The browser-side benchmark: same console and browser as the e2e tests, its own test folder, and
// neither the runbook tests' project nor their console.
const [main] = base.projects ?? [];
const config = {
  ...base,
  testDir: ".",
  testMatch: "*.bench.ts",
  workers: 1,
  reporter: [["list"]] as const,
  projects: [{ name: "chromium", use: main?.use }],
  webServer: Array.isArray(base.webServer) ? base.webServer.slice(0, 2) : base.webServer,
};

export default config;
