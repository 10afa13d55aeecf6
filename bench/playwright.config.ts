import base from "../playwright.config";

// The browser-side benchmark: same console and browser as the e2e tests, its own test folder.
const config = { ...base, testDir: ".", testMatch: "*.bench.ts", workers: 1, reporter: [["list"]] as const };

export default config;
