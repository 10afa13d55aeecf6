import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { ConfigError, parseConfigText } from "./load";
import { awsConfigInput, errorLines, regionInput } from "./testing";

const FILE = "console.config.yaml";
const parse = (input: unknown) => parseConfigText(stringify(input), FILE);

describe("a valid AWS config", () => {
  it("parses and fills every default", () => {
    const config = parse(awsConfigInput());
    if (config.mode !== "aws") throw new Error("expected aws mode");
    expect(config.regions.map((r) => r.id)).toEqual(["us-east-1", "us-west-2"]);
    expect(config.globalCluster.unplannedMode).toBe("failover");
    expect(config.routing.dnsTtlSeconds).toBe(60);
    expect(config.routing.safetyRules.cacheSeconds).toBe(300);
    expect(config.monitor).toEqual({ cadenceSeconds: 5, callTimeoutMs: 3000, slowCallMs: 1000, healthCheckDetailSeconds: 60, lagRetentionHours: 168, stallThresholdMs: 1000 });
    expect(config.replication).toEqual({ lagBudgetMs: 1000, metrics: { aurora: true } });
    expect(config.auth).toEqual({ local: { enabled: true }, trustProxy: { mode: "none" }, sessionMaxAgeHours: 12 });
    expect(config.proposals.ttlMinutes).toBe(15);
    expect(config.regions[0].readiness.timeoutMs).toBe(2000);
  });

  it("accepts each credentials form and each state store", () => {
    const input = awsConfigInput();
    const [a, b] = input.regions;
    const config = parse({
      ...input,
      regions: [
        { ...a, credentials: { profile: "east" }, authorityFlag: { store: "dynamodb", table: "flags", key: { name: "pk", value: "authority" } } },
        { ...b, credentials: { source: "default" }, appRole: { store: "s3", bucket: "roles-usw2", key: "role" } },
      ],
    });
    expect(config.regions[0].credentials).toEqual({ profile: "east" });
    expect(config.regions[0].authorityFlag).toEqual({ store: "dynamodb", table: "flags", key: { name: "pk", value: "authority" }, attribute: "value" });
    expect(config.regions[1].credentials).toEqual({ source: "default" });
  });
});

describe("validation messages", () => {
  it("auth.trustProxy: true is one hop; hop counts and proxy lists are checked, each problem named", () => {
    const auth = (trustProxy: unknown) => parse({ ...awsConfigInput(), auth: { trustProxy } }).auth.trustProxy;
    expect(auth(true)).toEqual({ mode: "hops", hops: 1 });
    expect(auth({ hops: 2 })).toEqual({ mode: "hops", hops: 2 });
    expect(auth({ addresses: ["10.0.0.0/8", "192.0.2.80", "fd00::/8"] })).toEqual({ mode: "addresses", addresses: ["10.0.0.0/8", "192.0.2.80", "fd00::/8"] });
    const lines = (trustProxy: unknown) => errorLines({ ...awsConfigInput(), auth: { trustProxy } });
    expect(lines({ hops: 0 })).toEqual(["console.config.yaml: auth.trustProxy.hops: expected at least 1 hop (false trusts no proxy)"]);
    expect(lines({ addresses: ["10.0.0.0/8", "10.0.0.0/33"] })).toEqual([
      'console.config.yaml: auth.trustProxy.addresses[1]: expected an IP address or CIDR block (10.0.0.0/8, fd00::/8), got "10.0.0.0/33"',
    ]);
    expect(lines({ addresses: ["proxy.internal"] })[0]).toMatch(/addresses\[0\]: expected an IP address or CIDR block/);
    expect(lines({ addresses: [] })).toEqual(["console.config.yaml: auth.trustProxy.addresses: list at least one proxy address (false trusts no proxy)"]);
    for (const bad of ["yes", 2, { hops: 1, addresses: ["10.0.0.1"] }]) {
      expect(lines(bad)).toEqual(["console.config.yaml: auth.trustProxy: expected true, false, { hops: N } or { addresses: [IP or CIDR, ...] }"]);
    }
  });

  it("names the file, the path and the allowed partitions", () => {
    const input = awsConfigInput();
    input.regions[1].partition = "aws-europe";
    expect(errorLines(input)).toEqual([
      "console.config.yaml: regions[1].partition: expected one of aws, aws-us-gov, aws-cn, aws-eusc",
    ]);
  });

  it("says which type was expected and which was found", () => {
    const lines = errorLines({ ...awsConfigInput(), application: { name: 42 }, monitor: { cadenceSeconds: "fast" } });
    expect(lines).toContain("console.config.yaml: application.name: expected string, got number");
    expect(lines).toContain("console.config.yaml: monitor.cadenceSeconds: expected number, got string");
  });

  it("reports missing keys as required, and AWS sections as required in aws mode", () => {
    const { globalCluster: _g, ...rest } = awsConfigInput();
    const lines = errorLines({ ...rest, application: {} });
    expect(lines).toContain("console.config.yaml: application.name: required");
    expect(lines).toContain("console.config.yaml: globalCluster: required when mode is aws");

    const input = awsConfigInput();
    const { credentials: _c, readiness: _r, ...bare } = input.regions[0];
    const regionLines = errorLines({ ...input, regions: [bare, input.regions[1]] });
    expect(regionLines).toEqual([
      "console.config.yaml: regions[0].credentials: required when mode is aws",
      "console.config.yaml: regions[0].readiness: required when mode is aws",
    ]);
  });

  it("reports each unknown key on its own line, at the level where it appears", () => {
    const input = awsConfigInput();
    const [a, b] = input.regions;
    const lines = errorLines({ ...input, regoins: [], extra: 1, regions: [{ ...a, credentails: {} }, b] });
    expect(lines).toEqual(expect.arrayContaining([
      'console.config.yaml: unknown key "regoins"',
      'console.config.yaml: unknown key "extra"',
      'console.config.yaml: regions[0]: unknown key "credentails"',
    ]));
  });

  it("requires exactly two regions", () => {
    const input = awsConfigInput();
    const [a, b] = input.regions;
    expect(errorLines({ ...input, regions: [a] })).toEqual(["console.config.yaml: regions: expected exactly two regions, got 1"]);
    expect(errorLines({ ...input, regions: [a, b, regionInput("eu-west-1", 3)] })).toEqual([
      "console.config.yaml: regions: expected exactly two regions, got 3",
    ]);
  });

  it("refuses two regions with the same id", () => {
    const input = awsConfigInput();
    expect(errorLines({ ...input, regions: [input.regions[0], regionInput("us-east-1", 2)] })).toEqual([
      'console.config.yaml: regions[1].id: duplicate region id "us-east-1" (regions[0] has it too)',
    ]);
  });

  it("checks region codes against their partition, and roles against the region's partition", () => {
    const input = awsConfigInput();
    input.regions[0].id = "us-east";
    expect(errorLines(input)).toEqual(["console.config.yaml: regions[0].id: expected an AWS region code like us-east-1"]);

    const gov = awsConfigInput();
    gov.regions[1].id = "us-gov-west-1";
    expect(errorLines(gov)).toEqual([
      "console.config.yaml: regions[1].partition: region us-gov-west-1 is in partition aws-us-gov, not aws",
    ]);
    gov.regions[1].partition = "aws-us-gov";
    expect(errorLines(gov)).toEqual([
      "console.config.yaml: regions[1].credentials.roleArn: role is in partition aws, but region us-gov-west-1 is in aws-us-gov (STS cannot assume a role across partitions)",
    ]);
    gov.regions[1].credentials.roleArn = "arn:aws-us-gov:iam::111122223333:role/failover-console";
    expect(parse(gov).regions[1].id).toBe("us-gov-west-1");
  });

  it("points into the credentials form the user meant, or lists the forms when unclear", () => {
    const input = awsConfigInput();
    const [a, b] = input.regions;
    expect(errorLines({ ...input, regions: [{ ...a, credentials: { profile: 7 } }, b] })).toEqual([
      "console.config.yaml: regions[0].credentials.profile: expected string, got number",
    ]);
    expect(errorLines({ ...input, regions: [{ ...a, credentials: { roleArn: "role/x" } }, b] })).toEqual([
      "console.config.yaml: regions[0].credentials.roleArn: expected an IAM role ARN like arn:aws:iam::123456789012:role/failover-console",
    ]);
    expect(errorLines({ ...input, regions: [{ ...a, credentials: { profile: "p", roleArn: "arn" } }, b] })).toEqual([
      'console.config.yaml: regions[0].credentials: expected { profile }, { roleArn, externalId?, sessionName? } or { source: "default" }',
    ]);
  });

  it("names the allowed stores for the authority flag", () => {
    const input = awsConfigInput();
    const [a, b] = input.regions;
    const lines = errorLines({ ...input, regions: [{ ...a, authorityFlag: { store: "etcd" }, appRole: { parameter: "/x" } }, b] });
    expect(lines).toEqual([
      "console.config.yaml: regions[0].authorityFlag.store: expected one of s3, dynamodb, ssm",
      "console.config.yaml: regions[0].appRole.store: required",
    ]);
  });

  it("asks for a mode", () => {
    expect(errorLines({ application: { name: "x" } })).toEqual(["console.config.yaml: mode: required"]);
    expect(errorLines({ mode: "prod" })).toEqual(["console.config.yaml: mode: expected one of sim, aws"]);
    expect(errorLines(["mode: sim"])).toEqual(["console.config.yaml: expected object, got array"]);
  });

  it("checks cross-references between sections", () => {
    const input = { ...awsConfigInput(), replication: { metrics: { dynamodb: { table: "sessions", receivingRegion: "eu-west-1" } } } };
    expect(errorLines(input)).toEqual([
      "console.config.yaml: replication.metrics.dynamodb.receivingRegion: expected one of the configured regions: us-east-1, us-west-2",
    ]);
  });

  it("lists every problem at once, each as a path and a message", () => {
    const input = awsConfigInput();
    input.regions[1].partition = "aws-europe";
    try {
      parse({ ...input, application: { name: 1 }, proposals: { ttlMinutes: 0 } });
      throw new Error("expected a ConfigError");
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      expect(err.file).toBe(FILE);
      expect(err.problems).toEqual([
        { path: "application.name", message: "expected string, got number" },
        { path: "regions[1].partition", message: "expected one of aws, aws-us-gov, aws-cn, aws-eusc" },
        { path: "proposals.ttlMinutes", message: "expected a number >= 1" },
      ]);
      expect(err.message.split("\n")).toHaveLength(3);
    }
  });
});

describe("sim mode", () => {
  it("needs nothing but the mode, and polls every second", () => {
    const config = parse({ mode: "sim" });
    expect(config.mode).toBe("sim");
    expect(config.regions.map((r) => [r.id, r.partition])).toEqual([["us-east-1", "aws"], ["us-west-2", "aws"]]);
    expect(config.monitor.cadenceSeconds).toBe(1);
    expect(config.mode === "sim" && config.sim).toEqual({
      speed: 1,
      operationTimeScale: 1,
      visibilityDelayMs: 3_000,
      safetyRules: [{ kind: "assertion", name: "at-least-one-region-on", type: "ATLEAST", threshold: 1, inverted: false, waitPeriodMs: 5_000 }],
    });
  });

  it("accepts custom region ids without any AWS resources", () => {
    const config = parse({ mode: "sim", sim: { speed: 20, seed: 7 }, regions: [{ id: "eu-west-1", partition: "aws" }, { id: "eu-central-1", partition: "aws" }] });
    expect(config.regions.map((r) => r.id)).toEqual(["eu-west-1", "eu-central-1"]);
  });

  it("refuses sim options in aws mode", () => {
    expect(errorLines({ ...awsConfigInput(), sim: { speed: 2 } })).toEqual(["console.config.yaml: sim: only allowed when mode is sim"]);
  });
});

describe("auth", () => {
  const oidc = { issuer: "https://idp.example.com", clientId: "console", clientSecret: { env: "OIDC_CLIENT_SECRET" } };

  it("fills OIDC defaults and keeps the secret as an env reference", () => {
    const config = parse({ mode: "sim", auth: { oidc: { ...oidc, roleMapping: { "SRE team": ["operator"] } } } });
    expect(config.auth.oidc).toEqual({
      ...oidc,
      id: "oidc",
      name: "Single sign-on",
      scopes: ["openid", "profile", "email"],
      groupsClaim: "groups",
      personClaim: "email",
      roleMapping: { "SRE team": ["operator"] },
      defaultRoles: [],
    });
  });

  it("allows plain http for the issuer only on loopback", () => {
    expect(errorLines({ mode: "sim", auth: { oidc: { ...oidc, issuer: "http://idp.example.com" } } })).toEqual([
      "console.config.yaml: auth.oidc.issuer: expected an https URL (http is allowed only for localhost)",
    ]);
    expect(parse({ mode: "sim", auth: { oidc: { ...oidc, issuer: "http://127.0.0.1:9400" } } }).auth.oidc?.issuer).toBe("http://127.0.0.1:9400");
  });

  it("explains bad roles, secrets and scopes", () => {
    const lines = errorLines({
      mode: "sim",
      auth: { oidc: { ...oidc, clientSecret: { name: "X" }, scopes: ["email"], roleMapping: { "SRE team": ["boss"] } } },
    });
    expect(lines).toEqual([
      "console.config.yaml: auth.oidc.clientSecret: expected a string or { env: VARIABLE_NAME }",
      'console.config.yaml: auth.oidc.scopes: must include "openid"',
      'console.config.yaml: auth.oidc.roleMapping["SRE team"][0]: expected one of viewer, operator, approver, admin',
    ]);
  });

  it("refuses a config nobody could sign in with", () => {
    expect(errorLines({ mode: "sim", auth: { local: { enabled: false } } })).toEqual([
      "console.config.yaml: auth.local.enabled: nobody could sign in: keep local users enabled or configure auth.oidc",
    ]);
  });
});
