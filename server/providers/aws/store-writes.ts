import "server-only";
import { UpdateItemCommand, type AttributeValue } from "@aws-sdk/client-dynamodb";
import { PutObjectCommand } from "@aws-sdk/client-s3";
import type { StateLocation } from "@/server/config";
import { WriteRejectedError } from "@/server/providers/port";
import type { AwsClients } from "./clients";
import { deadline } from "./call";
import { invalidResponse, type CallContext } from "./errors";
import { putParameter } from "./parameter-writes";
import { ConditionFailed, NOTHING, type RecordWrite } from "./record-writes";
import { describeLocation, type RecordService } from "./stores";
import { writeCall } from "./write-errors";

/**
 * Writes the text of a per-region record (authority flag or app role) to its store, in the region
 * it describes, with that region's credentials — the write side of stores.ts.
 *
 * Preconditions, per store:
 * - `unchanged` (compare-and-set against what was read):
 *   S3 PutObject `IfMatch: <ETag read>`; DynamoDB UpdateItem with `#v = :read` and, for the
 *   authority flag, `attribute_not_exists(#e) OR #e <= :epoch` on its number attribute; SSM has
 *   no conditional write, so PutParameter Overwrite and then a check of the Version numbers and a
 *   re-read (an interleaved write is detected, not prevented).
 * - `absent` (create only): S3 `IfNoneMatch: *`, DynamoDB `attribute_not_exists(#v)`, SSM
 *   PutParameter without Overwrite (Type String).
 * - `none`: last writer wins.
 * A failed precondition is a ConditionFailed carrying what the store holds now, when it says.
 */
const S3_CONDITION_FAILED = new Set(["PreconditionFailed", "ConditionalRequestConflict", "NoSuchKey"]);

/** The DynamoDB number attribute holding the authority flag's epoch: `epoch`, unless the item uses that name already. */
export function epochAttribute(location: Extract<StateLocation, { store: "dynamodb" }>): string {
  return location.key.name === "epoch" || location.attribute === "epoch" ? `${location.attribute}Epoch` : "epoch";
}

export async function writeRecordText(
  clients: AwsClients,
  regionId: string,
  service: RecordService,
  location: StateLocation,
  write: RecordWrite,
  signal: AbortSignal,
  timeoutMs: number,
): Promise<void> {
  const where = describeLocation(location, regionId);
  const pre = write.precondition;
  switch (location.store) {
    case "s3": {
      const ctx: CallContext = { service, region: regionId, what: `S3 PutObject ${where}` };
      if (pre.kind === "unchanged" && pre.read.version === null) throw invalidResponse(ctx, "GetObject returned no ETag to make the write conditional on");
      const condition = pre.kind === "unchanged" ? { IfMatch: pre.read.version ?? undefined } : pre.kind === "absent" ? { IfNoneMatch: "*" } : {};
      const input = { Bucket: location.bucket, Key: location.key, Body: write.text, ContentType: write.contentType, ...condition };
      const client = clients.s3(regionId);
      try {
        await writeCall(deadline(signal, timeoutMs), ctx, (abortSignal) => client.send(new PutObjectCommand(input), { abortSignal }));
      } catch (err) {
        if (pre.kind !== "none" && err instanceof WriteRejectedError && S3_CONDITION_FAILED.has(err.code)) {
          const problem =
            pre.kind === "absent"
              ? "another writer created the object after the console found none"
              : `the object changed after the console read it (ETag ${pre.read.version ?? "?"} no longer matches: ${err.code})`;
          throw new ConditionFailed(problem, NOTHING, { cause: err });
        }
        throw err;
      }
      return;
    }
    case "dynamodb": {
      const ctx: CallContext = { service, region: regionId, what: `DynamoDB UpdateItem ${where}` };
      const names: Record<string, string> = { "#v": location.attribute };
      const values: Record<string, AttributeValue> = { ":text": { S: write.text } };
      const sets = ["#v = :text"];
      if (write.epoch !== undefined) {
        names["#e"] = epochAttribute(location);
        values[":epoch"] = { N: String(write.epoch) };
        sets.push("#e = :epoch");
      }
      let condition: string | undefined;
      if (pre.kind === "absent") condition = "attribute_not_exists(#v)";
      if (pre.kind === "unchanged") {
        values[":read"] = { S: pre.read.text };
        condition = write.epoch !== undefined ? "#v = :read AND (attribute_not_exists(#e) OR #e <= :epoch)" : "#v = :read";
      }
      const input = {
        TableName: location.table,
        Key: { [location.key.name]: { S: location.key.value } },
        UpdateExpression: `SET ${sets.join(", ")}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(condition ? { ConditionExpression: condition, ReturnValuesOnConditionCheckFailure: "ALL_OLD" as const } : {}),
      };
      const client = clients.dynamodb(regionId);
      try {
        await writeCall(deadline(signal, timeoutMs), ctx, (abortSignal) => client.send(new UpdateItemCommand(input), { abortSignal }));
      } catch (err) {
        if (err instanceof WriteRejectedError && err.code === "ConditionalCheckFailedException") {
          throw new ConditionFailed(
            pre.kind === "absent" ? "another writer created the value after the console found none" : "the item changed after the console read it",
            dynamoCurrent(err.cause, location),
            { cause: err },
          );
        }
        throw err;
      }
      return;
    }
    case "ssm":
      return putParameter(clients, regionId, service, location, write, signal, timeoutMs);
  }
}

/** What the item holds now, from the exception's ALL_OLD copy. */
function dynamoCurrent(cause: unknown, location: Extract<StateLocation, { store: "dynamodb" }>): ConditionFailed["current"] {
  const item: unknown = typeof cause === "object" && cause !== null && "Item" in cause ? cause.Item : undefined;
  if (typeof item !== "object" || item === null) return NOTHING;
  const attrs = item as Record<string, AttributeValue | undefined>;
  const epoch = Number(attrs[epochAttribute(location)]?.N ?? Number.NaN);
  return { text: attrs[location.attribute]?.S ?? null, epoch: Number.isInteger(epoch) ? epoch : null };
}
