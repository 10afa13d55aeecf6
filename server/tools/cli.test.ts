import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PolicyDocument } from "./iam-statements";
import { runScript } from "@/scripts/testing";
import { tempDir } from "./testing";

const run = (script: string, args: string[]) => runScript(script, args);

describe("npm run doctor", () => {
  it("exits 2 with the config loader's message when the file does not exist", async () => {
    const result = await run("scripts/doctor.ts", ["--config", "missing.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("doctor: missing.yaml: config file not found");
    expect(result.stdout).toBe("");
  });

  it("exits 2 for a sim config", async () => {
    const file = join(await tempDir(), "sim.yaml");
    await writeFile(file, "mode: sim\n");
    const result = await run("scripts/doctor.ts", ["--config", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`mode is "sim", but doctor works on a real deployment`);
  });

  it("exits 2 with the usage when --config is missing or an option is unknown", async () => {
    const missing = await run("scripts/doctor.ts", []);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("doctor: --config FILE is required");
    expect(missing.stderr).toContain("usage: npm run doctor -- --config FILE [--json]");
    const unknown = await run("scripts/doctor.ts", ["--config", "x.yaml", "--fix"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--fix'/);
  });
});

describe("npm run iam-policy", () => {
  it("prints the example config's policies as one valid JSON object, with notes on stderr", async () => {
    const result = await run("scripts/iam-policy.ts", ["--config", "console.config.example.yaml"]);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as Record<string, Record<string, PolicyDocument>>;
    expect(Object.keys(printed)).toEqual(["read-only", "runbook"]);
    expect(Object.keys(printed["read-only"] ?? {})).toEqual(["us-east-1", "us-west-2"]);
    expect(printed["runbook"]?.["us-east-1"]?.Version).toBe("2012-10-17");
    expect(result.stderr).toContain("note: us-west-2: account 111122223333 taken from regions[0].credentials.roleArn");
  });

  it("prints one document per block with --format text, each header on stderr", async () => {
    const result = await run("scripts/iam-policy.ts", ["--config", "console.config.example.yaml", "--format", "text"]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("# read-only policy for us-east-1: role arn:aws:iam::111122223333:role/failover-console (partition aws, account 111122223333)");
    // stdout is the four documents, each a JSON object of its own.
    const documents = result.stdout.split(/\n(?=\{)/).map((text) => JSON.parse(text) as PolicyDocument);
    expect(documents).toHaveLength(4);
    for (const d of documents) expect(d.Version).toBe("2012-10-17");
  });

  it("exits 2 for a missing config", async () => {
    const result = await run("scripts/iam-policy.ts", ["--config", "missing.yaml"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("iam-policy: missing.yaml: config file not found");
  });
});
