import { stringify } from "yaml";
import { ConfigError, parseConfigText } from "./load";

/** One valid AWS-mode region; `n` keeps its resource names distinct. */
export function regionInput(id: string, n: number) {
  return {
    id,
    partition: "aws",
    credentials: { roleArn: "arn:aws:iam::111122223333:role/failover-console", externalId: "ext-id" },
    readiness: { url: `https://r${n}.example.com/ready` },
    healthChecks: [{ id: `0000000${n}-1111-2222-3333-444444444444`, name: `hc ${id}` }],
    routingControls: [{ arn: `arn:aws:route53-recovery-control::111122223333:controlpanel/abc/routingcontrol/rc${n}`, name: `rc ${id}` }],
    authorityFlag: { store: "s3", bucket: `flags-${id}`, key: "authority.json" },
    appRole: { store: "ssm", parameter: "/app/cluster-role" },
    aurora: { clusterIdentifier: `app-${id}` },
  };
}
export type RegionInput = ReturnType<typeof regionInput>;

/**
 * A minimal valid AWS-mode config as plain data, fresh on every call so a test can break one
 * part of it without affecting any other test.
 */
export function awsConfigInput() {
  const regions: [RegionInput, RegionInput] = [regionInput("us-east-1", 1), regionInput("us-west-2", 2)];
  return {
    mode: "aws",
    application: { name: "payments" },
    regions,
    globalCluster: { identifier: "payments-global" },
    routing: {
      clusterArn: "arn:aws:route53-recovery-control::111122223333:cluster/abcd-1234",
      clusterEndpoints: [{ region: "us-east-1", url: "https://host-a.us-east-1.example.com/v1" }],
    },
  };
}

/** Parses `input` (written out as YAML) and returns the error's lines; fails if it parsed. */
export function errorLines(input: unknown, fileName = "console.config.yaml"): string[] {
  try {
    parseConfigText(stringify(input), fileName);
  } catch (err) {
    if (err instanceof ConfigError) return err.message.split("\n");
    throw err;
  }
  throw new Error("expected a ConfigError, but the config parsed");
}
