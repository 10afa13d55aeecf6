/**
 * `npm run iam-policy -- --config FILE [--format json|text]`: prints the least-privilege IAM
 * policies (read-only, runbook) the console needs for that config. No AWS call is made.
 * The logic is in server/tools/iam-policy.ts; this file only parses the command line and prints.
 */
import { parseArgs } from "node:util";
import { iamPolicies, loadAwsConfig, noteLines, policiesJson, policyBlocks } from "@/server/tools";
import { finish } from "./cli";

const USAGE = `usage: npm run -s iam-policy -- --config FILE [--format json|text]

Prints the least-privilege IAM policies the console needs for a real (mode: aws) config: a
"read-only" policy (monitoring, npm run doctor) and a "runbook" policy (the reads plus the
writes the failover runbooks make), one of each per region credential set. No AWS call is made.

  --config FILE    the config file (required)
  --format json    default: one JSON object { "read-only": { <regions>: policy }, "runbook": { ... } }
  --format text    each policy document on its own, after a "# ..." header line on stderr
  -h, --help       show this help

Notes (assumed account ids, trust policies, KMS) go to stderr. Use npm run -s so that npm's own
banner does not end up in the JSON.
Exit status: 0 printed, 2 usage or config error.
`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { config: { type: "string" }, format: { type: "string", default: "json" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return finish(2, "", `iam-policy: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
  if (values.help) return finish(0, USAGE);
  if (!values.config) return finish(2, "", `iam-policy: --config FILE is required\n\n${USAGE}`);
  if (values.format !== "json" && values.format !== "text") {
    return finish(2, "", `iam-policy: --format must be json or text, not "${values.format}"\n\n${USAGE}`);
  }

  const loaded = await loadAwsConfig(values.config, "iam-policy");
  if (!loaded.ok) return finish(2, "", `iam-policy: ${loaded.error}\n`);
  const policies = iamPolicies(loaded.config);
  if (values.format === "json") return finish(0, policiesJson(policies), noteLines(policies));

  // Text: each header goes to stderr right before its document on stdout, so a terminal shows
  // them together while stdout alone stays a sequence of plain policy documents.
  for (const block of policyBlocks(policies)) {
    process.stderr.write(`${block.header}\n`);
    process.stdout.write(block.document);
  }
  finish(0, "", noteLines(policies));
}

main().catch((err: unknown) => finish(1, "", `iam-policy: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`));
