import "server-only";
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { GetParameterCommand } from "@aws-sdk/client-ssm";
import type { StateLocation } from "@/server/config";
import { ProviderError } from "@/server/providers/port";
import type { AwsClients } from "./clients";
import { call } from "./call";
import { invalidResponse, type CallContext } from "./errors";

/**
 * Reads the text of a per-region record (authority flag or app role) from its store, always in
 * the region it describes, so each side can be read — and fenced — without the other.
 *
 * - S3: GetObject; the object's body. S3 is strongly consistent for reads after writes.
 * - DynamoDB: GetItem with ConsistentRead (an eventually consistent read could return the flag
 *   as it was before a fence); the item is keyed `{ [key.name]: { S: key.value } }` and the
 *   configured attribute must be a string (S) holding the text. A map (M) is refused.
 * - SSM: GetParameter WithDecryption (so a SecureString works too); the parameter's value.
 */
export type RecordService = "authority" | "appRole";

/** Big enough for any sane flag; a multi-megabyte object is a mistake, not a flag. */
const MAX_BYTES = 64 * 1024;

export function describeLocation(location: StateLocation, regionId: string): string {
  switch (location.store) {
    case "s3":
      return `s3://${location.bucket}/${location.key} in ${regionId}`;
    case "dynamodb":
      return `DynamoDB ${location.table} item ${location.key.name}=${location.key.value} attribute ${location.attribute} in ${regionId}`;
    case "ssm":
      return `SSM parameter ${location.parameter} in ${regionId}`;
  }
}

/**
 * A record's text and the store's version of it: the S3 ETag (for PutObject IfMatch) or the SSM
 * parameter Version; null for DynamoDB, whose conditional writes compare the value itself.
 */
export interface StoredRecord {
  text: string;
  version: string | null;
}

export async function readRecordText(
  clients: AwsClients,
  regionId: string,
  service: RecordService,
  location: StateLocation,
  signal: AbortSignal,
): Promise<string> {
  return (await readRecord(clients, regionId, service, location, signal)).text;
}

export async function readRecord(
  clients: AwsClients,
  regionId: string,
  service: RecordService,
  location: StateLocation,
  signal: AbortSignal,
): Promise<StoredRecord> {
  const where = describeLocation(location, regionId);
  const ctx: CallContext = { service, region: regionId, what: where };
  switch (location.store) {
    case "s3": {
      const client = clients.s3(regionId);
      return call(signal, ctx, async (abortSignal) => {
        const output = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }), { abortSignal });
        if (output.ContentLength !== undefined && output.ContentLength > MAX_BYTES) {
          throw invalidResponse(ctx, `object is ${output.ContentLength} bytes, more than ${MAX_BYTES}`);
        }
        if (!output.Body) throw invalidResponse(ctx, "object has no body");
        return { text: await output.Body.transformToString("utf-8"), version: output.ETag ?? null };
      });
    }
    case "dynamodb": {
      const client = clients.dynamodb(regionId);
      const output = await call(signal, ctx, (abortSignal) =>
        client.send(
          new GetItemCommand({
            TableName: location.table,
            Key: { [location.key.name]: { S: location.key.value } },
            ConsistentRead: true,
            ProjectionExpression: "#v",
            ExpressionAttributeNames: { "#v": location.attribute },
          }),
          { abortSignal },
        ),
      );
      if (!output.Item) throw new ProviderError("not_found", service, regionId, `${where}: no such item`);
      const value = output.Item[location.attribute];
      if (value === undefined) throw invalidResponse(ctx, `the item has no attribute "${location.attribute}"`);
      if (value.S === undefined) throw invalidResponse(ctx, `attribute "${location.attribute}" is not a string (S)`);
      return { text: value.S, version: null };
    }
    case "ssm": {
      const client = clients.ssm(regionId);
      const output = await call(signal, ctx, (abortSignal) =>
        client.send(new GetParameterCommand({ Name: location.parameter, WithDecryption: true }), { abortSignal }),
      );
      const value = output.Parameter?.Value;
      if (value === undefined) throw invalidResponse(ctx, "the parameter has no value");
      const version = output.Parameter?.Version;
      return { text: value, version: version === undefined ? null : String(version) };
    }
  }
}
