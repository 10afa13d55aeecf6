import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runScript } from "./testing";

// Runs the real launcher, as `npm start` does, with a config that must stop it before it listens.
const launch = (env: Record<string, string>) => runScript("scripts/serve.ts", [], { PORT: "3999", ...env });

describe("the launcher refuses a broken config before it listens", () => {
  it("exits 1 naming the file, the key path and what was expected", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fc-serve-"));
    const file = join(dir, "broken.yaml");
    await writeFile(file, "mode: sim\nregions:\n  - { id: us-east-1, partition: aws }\n  - { id: us-west-2, partition: azure }\n");
    const run = await launch({ CONSOLE_CONFIG: file, CONSOLE_DATA_DIR: join(dir, "data") });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`${file}: regions[1].partition: expected one of aws, aws-us-gov, aws-cn, aws-eusc`);
    expect(run.stdout).not.toContain("ready at");
  });

  it("exits 1 when the named config file does not exist", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fc-serve-"));
    const run = await launch({ CONSOLE_CONFIG: join(dir, "missing.yaml"), CONSOLE_DATA_DIR: join(dir, "data") });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/missing\.yaml: config file not found/);
  });

  it("exits 1 in aws mode without a session secret", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fc-serve-"));
    const run = await launch({
      CONSOLE_CONFIG: "console.config.example.yaml",
      CONSOLE_DATA_DIR: join(dir, "data"),
      NEXTAUTH_SECRET: "",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/NEXTAUTH_SECRET is required outside sim mode/);
  });

  it("exits 1 in aws mode without a key to sign the audit heads", async () => {
    const dir = await mkdtemp(join(tmpdir(), "fc-serve-"));
    const run = await launch({
      CONSOLE_CONFIG: "console.config.example.yaml",
      CONSOLE_DATA_DIR: join(dir, "data"),
      NEXTAUTH_SECRET: "x".repeat(32),
      AUDIT_HEAD_KEY: "",
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/AUDIT_HEAD_KEY is required outside sim mode/);
  });
});
