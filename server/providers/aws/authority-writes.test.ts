import { Readable } from "node:stream";
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { sdkStreamMixin } from "@smithy/core/serde";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { createAwsProvider } from "./index";
import { awsError, awsTestConfig, noAbort, providerError, regionOf, T0, testClock, writeRejection, type AwsInput } from "./testing";

const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBClient);
const ssm = mockClient(SSMClient);

const flag = (epoch: number, role = "primary") => JSON.stringify({ role, epoch, updatedAt: "2026-01-01T11:00:00.000Z", updatedBy: "alice" });
const body = (text: string) => sdkStreamMixin(Readable.from([Buffer.from(text)]));
/** Fence us-west-2 at epoch 8, as the planned failover's first step does. */
const FENCE = { role: "fenced" as const, epoch: 8, updatedBy: "run 42 (approved by bob)" };
const WRITTEN = { role: "fenced", epoch: 8, updatedAt: T0.toISOString(), updatedBy: FENCE.updatedBy };

/** The fixture keeps us-west-2's flag in S3 at flags-us-west-2/authority.json. */
const provider = (edit?: (input: AwsInput) => unknown) => createAwsProvider(awsTestConfig(edit), { clock: testClock() });

function dynamo(input: AwsInput) {
  Object.assign(input.regions[1], { authorityFlag: { store: "dynamodb", table: "payments-failover-state", key: { name: "pk", value: "authority" } } });
}
function parameter(input: AwsInput) {
  Object.assign(input.regions[1], { authorityFlag: { store: "ssm", parameter: "/payments/authority" } });
}

beforeEach(() => {
  s3.reset();
  ddb.reset();
  ssm.reset();
});

describe("writeAuthority in S3", () => {
  it("reads the flag, then writes it with IfMatch on the ETag read, in the region it describes", async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(flag(7)), ETag: '"etag-7"' });
    s3.on(PutObjectCommand).resolves({ ETag: '"etag-8"' });
    expect(await provider().writeAuthority("us-west-2", FENCE, noAbort())).toEqual(WRITTEN);
    const put = s3.commandCalls(PutObjectCommand)[0];
    expect(put?.args[0].input).toEqual({
      Bucket: "flags-us-west-2",
      Key: "authority.json",
      Body: JSON.stringify({ role: "fenced", epoch: 8, updatedAt: T0.toISOString(), updatedBy: FENCE.updatedBy }),
      ContentType: "application/json",
      IfMatch: '"etag-7"',
    });
    expect(await regionOf(put?.thisValue)).toBe("us-west-2");
  });

  it("refuses with StaleEpoch, writing nothing, when the stored epoch is higher", async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(flag(9)), ETag: '"etag-9"' });
    const err = await writeRejection(provider().writeAuthority("us-west-2", FENCE, noAbort()));
    expect(err).toMatchObject({ code: "StaleEpoch", service: "authority", region: "us-west-2" });
    expect(err.message).toContain("s3://flags-us-west-2/authority.json in us-west-2 holds epoch 9, higher than the requested 8");
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it("writes the stored epoch again: an idempotent retry", async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(flag(8, "fenced")), ETag: '"etag-8"' });
    s3.on(PutObjectCommand).resolves({});
    expect(await provider().writeAuthority("us-west-2", FENCE, noAbort())).toEqual(WRITTEN);
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.IfMatch).toBe('"etag-8"');
  });

  it("maps 412 PreconditionFailed (another writer since the read) to ConditionalWriteConflict", async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(flag(7)), ETag: '"etag-7"' });
    s3.on(PutObjectCommand).rejects(awsError("PreconditionFailed", { status: 412, message: "At least one of the pre-conditions you specified did not hold" }));
    const err = await writeRejection(provider().writeAuthority("us-west-2", FENCE, noAbort()));
    expect(err.code).toBe("ConditionalWriteConflict");
    expect(err.message).toContain('the object changed after the console read it (ETag "etag-7" no longer matches');
  });

  it("creates a missing flag with IfNoneMatch, so a concurrent creator is not overwritten", async () => {
    s3.on(GetObjectCommand).rejects(awsError("NoSuchKey", { status: 404 }));
    s3.on(PutObjectCommand).resolvesOnce({}).rejects(awsError("PreconditionFailed", { status: 412 }));
    const p = provider();
    await p.writeAuthority("us-west-2", FENCE, noAbort());
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({ IfNoneMatch: "*" });
    expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input.IfMatch).toBeUndefined();
    expect((await writeRejection(p.writeAuthority("us-west-2", FENCE, noAbort()))).code).toBe("ConditionalWriteConflict");
  });

  it("does not overwrite a flag it cannot parse: its epoch is unknown", async () => {
    s3.on(GetObjectCommand).resolves({ Body: body("primary"), ETag: '"x"' });
    const err = await providerError(provider().writeAuthority("us-west-2", FENCE, noAbort()));
    expect(err.kind).toBe("invalid_response");
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
  });

  it("keeps access denied, throttling and outages as ProviderErrors; NoSuchBucket is a refusal", async () => {
    // A fresh body per read: a stream can be read once.
    s3.on(GetObjectCommand).callsFake(() => ({ Body: body(flag(7)), ETag: '"etag-7"' }));
    s3.on(PutObjectCommand)
      .rejectsOnce(awsError("AccessDenied", { status: 403 }))
      .rejectsOnce(awsError("SlowDown", { status: 503, fault: "server" }))
      .rejectsOnce(awsError("InternalError", { status: 500, fault: "server" }))
      .rejects(awsError("NoSuchBucket", { status: 404 }));
    const p = provider();
    for (const kind of ["access_denied", "throttled", "unavailable"]) {
      expect((await providerError(p.writeAuthority("us-west-2", FENCE, noAbort()))).kind).toBe(kind);
    }
    expect((await writeRejection(p.writeAuthority("us-west-2", FENCE, noAbort()))).code).toBe("NoSuchBucket");
  });

  it("is a timeout when the caller aborts while the write hangs", async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(flag(7)), ETag: '"etag-7"' });
    s3.on(PutObjectCommand).callsFake(() => new Promise(() => {}));
    const controller = new AbortController();
    const pending = providerError(provider().writeAuthority("us-west-2", FENCE, controller.signal));
    await expect.poll(() => s3.commandCalls(PutObjectCommand).length).toBe(1);
    controller.abort();
    expect(await pending).toMatchObject({ kind: "timeout", service: "authority", region: "us-west-2" });
  });
});

describe("writeAuthority in DynamoDB", () => {
  const KEY = { pk: { S: "authority" } };

  it("updates the value and the epoch attribute on condition that the value is unchanged and the epoch not higher", async () => {
    ddb.on(GetItemCommand).resolves({ Item: { ...KEY, value: { S: flag(7) } } });
    ddb.on(UpdateItemCommand).resolves({});
    expect(await provider(dynamo).writeAuthority("us-west-2", FENCE, noAbort())).toEqual(WRITTEN);
    const update = ddb.commandCalls(UpdateItemCommand)[0];
    expect(update?.args[0].input).toEqual({
      TableName: "payments-failover-state",
      Key: KEY,
      UpdateExpression: "SET #v = :text, #e = :epoch",
      ConditionExpression: "#v = :read AND (attribute_not_exists(#e) OR #e <= :epoch)",
      ExpressionAttributeNames: { "#v": "value", "#e": "epoch" },
      ExpressionAttributeValues: { ":text": { S: JSON.stringify(WRITTEN) }, ":epoch": { N: "8" }, ":read": { S: flag(7) } },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
    expect(await regionOf(update?.thisValue)).toBe("us-west-2");
  });

  it("refuses with StaleEpoch, writing nothing, when the stored epoch is higher", async () => {
    ddb.on(GetItemCommand).resolves({ Item: { ...KEY, value: { S: flag(12) } } });
    expect((await writeRejection(provider(dynamo).writeAuthority("us-west-2", FENCE, noAbort()))).code).toBe("StaleEpoch");
    expect(ddb.commandCalls(UpdateItemCommand)).toHaveLength(0);
  });

  it("answers a failed condition from the item DynamoDB returns: StaleEpoch for a higher epoch, else ConditionalWriteConflict", async () => {
    ddb.on(GetItemCommand).resolves({ Item: { ...KEY, value: { S: flag(7) } } });
    const failed = (epoch: number) =>
      new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: { httpStatusCode: 400 }, Item: { ...KEY, value: { S: flag(epoch) }, epoch: { N: String(epoch) } } });
    ddb.on(UpdateItemCommand).rejectsOnce(failed(9)).rejects(failed(8));
    const p = provider(dynamo);
    const stale = await writeRejection(p.writeAuthority("us-west-2", FENCE, noAbort()));
    expect(stale.code).toBe("StaleEpoch");
    expect(stale.message).toContain("holds epoch 9");
    const conflict = await writeRejection(p.writeAuthority("us-west-2", FENCE, noAbort()));
    expect(conflict.code).toBe("ConditionalWriteConflict");
    expect(conflict.message).toContain("the item changed after the console read it");
  });

  it("creates a missing item on condition that the value still does not exist", async () => {
    ddb.on(GetItemCommand).resolves({});
    ddb.on(UpdateItemCommand).resolves({});
    await provider(dynamo).writeAuthority("us-west-2", FENCE, noAbort());
    expect(ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input).toMatchObject({
      ConditionExpression: "attribute_not_exists(#v)",
      ExpressionAttributeValues: { ":text": { S: JSON.stringify(WRITTEN) }, ":epoch": { N: "8" } },
    });
  });
});

describe("writeAuthority in SSM (no compare-and-set)", () => {
  const param = (value: string, version: number) => ({ Parameter: { Name: "/payments/authority", Value: value, Version: version } });

  it("overwrites the parameter, then re-reads it to confirm its value at the next version", async () => {
    ssm.on(GetParameterCommand).resolvesOnce(param(flag(7), 3)).resolves(param(JSON.stringify(WRITTEN), 4));
    ssm.on(PutParameterCommand).resolves({ Version: 4 });
    expect(await provider(parameter).writeAuthority("us-west-2", FENCE, noAbort())).toEqual(WRITTEN);
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input).toEqual({ Name: "/payments/authority", Value: JSON.stringify(WRITTEN), Overwrite: true });
    expect(ssm.commandCalls(GetParameterCommand)).toHaveLength(2);
  });

  it("refuses with StaleEpoch, writing nothing, when the stored epoch is higher", async () => {
    ssm.on(GetParameterCommand).resolves(param(flag(10), 3));
    expect((await writeRejection(provider(parameter).writeAuthority("us-west-2", FENCE, noAbort()))).code).toBe("StaleEpoch");
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0);
  });

  it("reports a write that landed after its own as StaleEpoch when it carries a higher epoch", async () => {
    ssm.on(GetParameterCommand).resolvesOnce(param(flag(7), 3)).resolves(param(flag(9), 5));
    ssm.on(PutParameterCommand).resolves({ Version: 4 });
    const err = await writeRejection(provider(parameter).writeAuthority("us-west-2", FENCE, noAbort()));
    expect(err.code).toBe("StaleEpoch");
  });

  it("reports a write that slipped in between its read and its write as ConditionalWriteConflict", async () => {
    ssm.on(GetParameterCommand).resolvesOnce(param(flag(7), 3)).resolves(param(JSON.stringify(WRITTEN), 5));
    ssm.on(PutParameterCommand).resolves({ Version: 5 });
    const err = await writeRejection(provider(parameter).writeAuthority("us-west-2", FENCE, noAbort()));
    expect(err.code).toBe("ConditionalWriteConflict");
    expect(err.message).toContain("between the console's read (version 3) and its write (version 5)");
  });

  it("creates a missing parameter without Overwrite, so a concurrent creator makes it fail", async () => {
    ssm.on(GetParameterCommand).rejects(awsError("ParameterNotFound", { status: 400 }));
    ssm.on(PutParameterCommand).resolvesOnce({ Version: 1 }).rejects(awsError("ParameterAlreadyExists", { status: 400 }));
    const p = provider(parameter);
    await p.writeAuthority("us-west-2", FENCE, noAbort());
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input).toEqual({ Name: "/payments/authority", Value: JSON.stringify(WRITTEN), Type: "String", Overwrite: false });
    expect((await writeRejection(p.writeAuthority("us-west-2", FENCE, noAbort()))).code).toBe("ConditionalWriteConflict");
  });

  it("maps TooManyUpdates to throttled: SSM's contention, worth retrying", async () => {
    ssm.on(GetParameterCommand).resolves(param(flag(7), 3));
    ssm.on(PutParameterCommand).rejects(awsError("TooManyUpdates", { status: 400 }));
    expect((await providerError(provider(parameter).writeAuthority("us-west-2", FENCE, noAbort()))).kind).toBe("throttled");
  });
});
