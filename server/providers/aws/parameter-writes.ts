import "server-only";
import { PutParameterCommand } from "@aws-sdk/client-ssm";
import type { StateLocation } from "@/server/config";
import { WriteRejectedError } from "@/server/providers/port";
import type { AwsClients } from "./clients";
import { deadline } from "./call";
import { invalidResponse, type CallContext } from "./errors";
import { ConditionFailed, NOTHING, type RecordWrite } from "./record-writes";
import { describeLocation, readRecord, type RecordService } from "./stores";
import { writeCall } from "./write-errors";

/**
 * SSM PutParameter for a record. SSM has no compare-and-set: PutParameter either creates
 * (Overwrite false, which fails with ParameterAlreadyExists — a real create-only condition) or
 * overwrites unconditionally. For `unchanged`, the console therefore checks after the fact: the
 * Version it wrote must be the Version it read plus one (nobody wrote in between), and a re-read
 * must return its value at that Version (nobody wrote since). Either check failing is a
 * ConditionFailed — but the interleaved write has already been replaced, which SSM cannot prevent.
 */
/**
 * GetParameter takes a name or an ARN, PutParameter only a name: `arn:…:parameter/a/b` is `/a/b`,
 * while `arn:…:parameter/flag` is `flag` (a name without hierarchy has no leading slash).
 */
export function parameterName(nameOrArn: string): string {
  const marker = ":parameter";
  const i = nameOrArn.indexOf(marker);
  if (!nameOrArn.startsWith("arn:") || i < 0) return nameOrArn;
  const rest = nameOrArn.slice(i + marker.length);
  return rest.indexOf("/", 1) > 0 ? rest : rest.slice(1);
}

export async function putParameter(
  clients: AwsClients,
  regionId: string,
  service: RecordService,
  location: Extract<StateLocation, { store: "ssm" }>,
  write: RecordWrite,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<void> {
  const pre = write.precondition;
  const ctx: CallContext = { service, region: regionId, what: `SSM PutParameter ${describeLocation(location, regionId)}` };
  // Type is required to create a parameter and left out to overwrite one, which keeps its type (a SecureString stays one).
  const input =
    pre.kind === "absent"
      ? { Name: parameterName(location.parameter), Value: write.text, Type: "String" as const, Overwrite: false }
      : { Name: parameterName(location.parameter), Value: write.text, Overwrite: true };
  const client = clients.ssm(regionId);
  const output = await writeCall(deadline(signal, timeoutMs), ctx, (abortSignal) => client.send(new PutParameterCommand(input), { abortSignal })).catch(
    (err: unknown) => {
      if (pre.kind === "absent" && err instanceof WriteRejectedError && err.code === "ParameterAlreadyExists") {
        throw new ConditionFailed("another writer created the parameter after the console found none", NOTHING, { cause: err });
      }
      throw err;
    },
  );
  if (pre.kind !== "unchanged") return;
  // SSM cannot refuse an interleaved write; the Version numbers and a re-read at least reveal one.
  const written = output.Version;
  if (written === undefined) throw invalidResponse(ctx, "PutParameter returned no Version to confirm the write by");
  const after = await readRecord(clients, regionId, service, location, deadline(signal, timeoutMs));
  if (after.version !== String(written) || after.text !== write.text) {
    throw new ConditionFailed(`another writer changed the parameter after the console wrote version ${written} (now version ${after.version ?? "?"})`, {
      text: after.text,
      epoch: null,
    });
  }
  if (pre.read.version !== null && written !== Number(pre.read.version) + 1) {
    throw new ConditionFailed(
      `another writer changed the parameter between the console's read (version ${pre.read.version}) and its write (version ${written}); SSM cannot refuse that, so the console's value replaced it — check the parameter's history`,
      { text: after.text, epoch: null },
    );
  }
}
