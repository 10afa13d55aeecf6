import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ConfigError, defaultSimConfig, loadConfig, parseConfigText } from "./load";
import { EndpointOverrides } from "./region-schema";

const EXAMPLE = fileURLToPath(new URL("../../console.config.example.yaml", import.meta.url));

/** Runs `fn` and returns the ConfigError it throws (fails the test if it throws nothing or something else). */
async function configError(fn: () => unknown): Promise<ConfigError> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "console-config-"));
  // The default file is looked up in the working directory; point it at this test's own folder.
  vi.spyOn(process, "cwd").mockReturnValue(dir);
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe("loadConfig", () => {
  it("loads the shipped example as a two-region AWS deployment", async () => {
    const config = await loadConfig(EXAMPLE);
    if (config.mode !== "aws") throw new Error("the example must be an aws-mode config");
    const [east, west] = config.regions;
    expect([east.id, west.id]).toEqual(["us-east-1", "us-west-2"]);
    expect(east.credentials).toMatchObject({ roleArn: "arn:aws:iam::111122223333:role/failover-console" });
    expect(west.credentials).toEqual({ profile: "payments-usw2" });
    // The example shows every endpoint override there is.
    expect(east.endpoints && Object.keys(east.endpoints).sort()).toEqual(Object.keys(EndpointOverrides.shape).sort());
    expect(config.routing.clusterEndpoints).toHaveLength(5);
    expect(config.auth.oidc?.clientSecret).toEqual({ env: "OIDC_CLIENT_SECRET" });
  });

  it("starts in sim mode when no path is given and there is no console.config.yaml", async () => {
    const config = await loadConfig(undefined);
    expect(config).toEqual(defaultSimConfig());
    expect(config.mode).toBe("sim");
    expect(config.application.name).toBe("demo");
    expect(config.regions.map((r) => r.id)).toEqual(["us-east-1", "us-west-2"]);
    expect(config.monitor.cadenceSeconds).toBe(1);
  });

  it("reads console.config.yaml from the working directory when no path is given", async () => {
    await writeFile(join(dir, "console.config.yaml"), "mode: sim\nregions:\n  - { id: eu-west-1, partition: aws }\n  - { id: eu-central-1, partition: aws }\n");
    const config = await loadConfig(undefined);
    expect(config.regions.map((r) => r.id)).toEqual(["eu-west-1", "eu-central-1"]);
  });

  it("stops on an invalid file with the file, the key path and what was expected", async () => {
    const text = "mode: sim\nregions:\n  - { id: us-east-1, partition: aws }\n  - { id: us-west-2, partition: aws-europe }\n";
    await writeFile(join(dir, "console.config.yaml"), text);
    const err = await configError(() => loadConfig(undefined));
    expect(err.message).toBe("console.config.yaml: regions[1].partition: expected one of aws, aws-us-gov, aws-cn, aws-eusc");
  });

  it("refuses to fall back to sim mode when a file is required", async () => {
    const err = await configError(() => loadConfig(undefined, { required: true }));
    expect(err.message).toBe("console.config.yaml: config file not found");
  });

  it("treats a missing explicit path as an error, never as sim mode", async () => {
    const path = join(dir, "prod.yaml");
    const err = await configError(() => loadConfig(path));
    expect(err.file).toBe(path);
    expect(err.message).toBe(`${path}: config file not found`);
  });

  it("explains a path that is a directory", async () => {
    await mkdir(join(dir, "conf"));
    const err = await configError(() => loadConfig(join(dir, "conf")));
    expect(err.problems).toEqual([{ path: "", message: "is a directory, expected a YAML file" }]);
  });

  it("rejects an empty or comments-only file instead of starting in sim mode", async () => {
    for (const text of ["", "  \n", "# mode: aws\n"]) {
      await writeFile(join(dir, "console.config.yaml"), text);
      const err = await configError(() => loadConfig(undefined));
      expect(err.message).toBe("console.config.yaml: file is empty");
    }
  });
});

describe("parseConfigText", () => {
  it("reports YAML syntax errors with line and column", async () => {
    const err = await configError(() => parseConfigText("mode: sim\nregions:\n  - id: us-east-1\n    partition: aws: x\n", "c.yaml"));
    expect(err.problems[0]).toMatchObject({ line: 4, column: 16 });
    expect(err.message).toMatch(/^c\.yaml: line 4, column 16: /);
  });

  it("rejects a key written twice, where YAML would silently keep the last", async () => {
    const err = await configError(() => parseConfigText("mode: sim\nmode: aws\n", "c.yaml"));
    expect(err.message).toBe("c.yaml: line 2, column 1: Map keys must be unique");
  });

  it("gives the sim default as a fresh object each time", () => {
    const first = defaultSimConfig();
    first.regions[0].id = "changed";
    expect(defaultSimConfig().regions[0].id).toBe("us-east-1");
  });
});
