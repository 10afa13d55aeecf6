/**
 * `npm run doctor -- --config FILE [--json]`: checks a real AWS config read-only and prints one
 * row per check. Exit 0 when every check passes, 1 when any fails, 2 for usage or config errors.
 * The logic is in server/tools/doctor.ts; this file only parses the command line and prints.
 */
import { parseArgs } from "node:util";
import { formatDoctorJson, formatDoctorTable, runDoctor } from "@/server/tools";
import { finish } from "./cli";

const USAGE = `usage: npm run doctor -- --config FILE [--json]

Checks a real (mode: aws) console config read-only: per region, whether the credentials resolve
(STS GetCallerIdentity), whether each configured resource is found with the calls the console
makes, and each call's latency. Every call has the config's monitor.callTimeoutMs.

  --config FILE   the config file to check (required)
  --json          print the results as JSON instead of a table
  -h, --help      show this help

Exit status: 0 all checks passed, 1 a check failed, 2 usage or config error.
`;

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { config: { type: "string" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    return finish(2, "", `doctor: ${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
  }
  if (values.help) return finish(0, USAGE);
  if (!values.config) return finish(2, "", `doctor: --config FILE is required\n\n${USAGE}`);

  const outcome = await runDoctor(values.config);
  if (outcome.exitCode === 2) return finish(2, "", `doctor: ${outcome.error}\n`);
  finish(outcome.exitCode, values.json ? formatDoctorJson(outcome.report) : formatDoctorTable(outcome.report));
}

main().catch((err: unknown) => finish(1, "", `doctor: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`));
