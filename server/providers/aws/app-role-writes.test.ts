import { Readable } from "node:stream";
import { DynamoDBClient, GetItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetParameterCommand, PutParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { sdkStreamMixin } from "@smithy/core/serde";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { formatAppRole } from "./flag-writes";
import { createAwsProvider } from "./index";
import { parameterName } from "./parameter-writes";
import { awsError, awsTestConfig, noAbort, providerError, regionOf, testClock, writeRejection, type AwsInput } from "./testing";

const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBClient);
const ssm = mockClient(SSMClient);
const body = (text: string) => sdkStreamMixin(Readable.from([Buffer.from(text)]));

/** The fixture keeps each region's app role in SSM at /app/cluster-role. */
const provider = (edit?: (input: AwsInput) => unknown) => createAwsProvider(awsTestConfig(edit), { clock: testClock() });
function inS3(input: AwsInput) {
  Object.assign(input.regions[0], { appRole: { store: "s3", bucket: "roles-us-east-1", key: "role.json" } });
}
function inDynamo(input: AwsInput) {
  Object.assign(input.regions[0], { appRole: { store: "dynamodb", table: "payments-state", key: { name: "pk", value: "role" }, attribute: "role" } });
}

beforeEach(() => {
  s3.reset();
  ddb.reset();
  ssm.reset();
});

describe("writeAppRole", () => {
  it("overwrites the region's SSM parameter, keeping the bare word it holds", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "active\n", Version: 2 } });
    ssm.on(PutParameterCommand).resolves({ Version: 3 });
    expect(await provider().writeAppRole("us-west-2", "passive", noAbort())).toEqual({ role: "passive" });
    const put = ssm.commandCalls(PutParameterCommand)[0];
    expect(put?.args[0].input).toEqual({ Name: "/app/cluster-role", Value: "passive", Overwrite: true });
    expect(await regionOf(put?.thisValue)).toBe("us-west-2");
  });

  it("creates a missing parameter as a String holding the bare word", async () => {
    ssm.on(GetParameterCommand).rejects(awsError("ParameterNotFound", { status: 400 }));
    ssm.on(PutParameterCommand).resolves({ Version: 1 });
    await provider().writeAppRole("us-east-1", "active", noAbort());
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input).toEqual({ Name: "/app/cluster-role", Value: "active", Type: "String", Overwrite: false });
  });

  it("writes an S3 object in the JSON shape it holds, keeping its other fields, without a condition", async () => {
    s3.on(GetObjectCommand).resolves({ Body: body('{ "role": "active", "since": "yesterday" }'), ETag: '"r1"' });
    s3.on(PutObjectCommand).resolves({});
    await provider(inS3).writeAppRole("us-east-1", "passive", noAbort());
    const put = s3.commandCalls(PutObjectCommand)[0];
    expect(put?.args[0].input).toEqual({
      Bucket: "roles-us-east-1",
      Key: "role.json",
      Body: '{"role":"passive","since":"yesterday"}',
      ContentType: "application/json",
    });
    expect(await regionOf(put?.thisValue)).toBe("us-east-1");
  });

  it("sets the DynamoDB attribute with UpdateItem, leaving the item's other attributes alone", async () => {
    ddb.on(GetItemCommand).resolves({ Item: { pk: { S: "role" }, role: { S: "passive" } } });
    ddb.on(UpdateItemCommand).resolves({});
    await provider(inDynamo).writeAppRole("us-east-1", "active", noAbort());
    expect(ddb.commandCalls(UpdateItemCommand)[0]?.args[0].input).toEqual({
      TableName: "payments-state",
      Key: { pk: { S: "role" } },
      UpdateExpression: "SET #v = :text",
      ExpressionAttributeNames: { "#v": "role" },
      ExpressionAttributeValues: { ":text": { S: "active" } },
    });
  });

  it("maps refusals and outages like the other writes, and times out on abort", async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: "active", Version: 2 } });
    ssm.on(PutParameterCommand)
      .rejectsOnce(awsError("ParameterMaxVersionLimitExceeded", { status: 400 }))
      .rejectsOnce(awsError("AccessDeniedException", { status: 400 }))
      .callsFake(() => new Promise(() => {}));
    const p = provider();
    expect((await writeRejection(p.writeAppRole("us-east-1", "passive", noAbort()))).code).toBe("ParameterMaxVersionLimitExceeded");
    expect((await providerError(p.writeAppRole("us-east-1", "passive", noAbort()))).kind).toBe("access_denied");
    const controller = new AbortController();
    const pending = providerError(p.writeAppRole("us-east-1", "passive", controller.signal));
    await expect.poll(() => ssm.commandCalls(PutParameterCommand).length).toBe(3);
    controller.abort();
    expect(await pending).toMatchObject({ kind: "timeout", service: "appRole" });
  });
});

describe("formatAppRole", () => {
  it.each([
    ["a bare word", "active\n", "ssm", "passive", "text/plain"],
    ["a JSON string", '"active"', "s3", '"passive"', "application/json"],
    ["a JSON object", '{"role":"active","n":1}', "dynamodb", '{"role":"passive","n":1}', "application/json"],
    ["a malformed object", '{"role":', "s3", '{"role":"passive"}', "application/json"],
    ["nothing, in SSM", null, "ssm", "passive", "text/plain"],
    ["nothing, in S3", null, "s3", '{"role":"passive"}', "application/json"],
    ["nothing, in DynamoDB", null, "dynamodb", '{"role":"passive"}', "application/json"],
  ] as const)("keeps the shape of %s", (_, current, store, text, contentType) => {
    expect(formatAppRole("passive", current, store)).toEqual({ text, contentType });
  });
});

describe("parameterName", () => {
  it("turns a parameter ARN into the name PutParameter wants", () => {
    expect(parameterName("/app/cluster-role")).toBe("/app/cluster-role");
    expect(parameterName("arn:aws:ssm:us-east-1:111122223333:parameter/app/cluster-role")).toBe("/app/cluster-role");
    expect(parameterName("arn:aws:ssm:us-east-1:111122223333:parameter/flag")).toBe("flag");
  });
});
