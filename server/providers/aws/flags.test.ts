import { Readable } from "node:stream";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { GetObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { sdkStreamMixin } from "@smithy/core/serde";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { createAwsProvider } from "./index";
import { awsError, awsTestConfig, noAbort, regionOf, testClock, type AwsInput } from "./testing";

const s3 = mockClient(S3Client);
const ddb = mockClient(DynamoDBClient);
const ssm = mockClient(SSMClient);
const FLAG = { role: "primary", epoch: 7, updatedAt: "2026-01-01T11:00:00.000Z", updatedBy: "alice" };

const body = (text: string) => sdkStreamMixin(Readable.from([Buffer.from(text)]));

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

/** The fixture's stores: authority in S3 (flags-<region>/authority.json), app role in SSM (/app/cluster-role). */
const provider = (edit?: (input: AwsInput) => unknown) => createAwsProvider(awsTestConfig(edit), { clock: testClock() });

function dynamoAuthority(input: AwsInput) {
  Object.assign(input.regions[1], {
    authorityFlag: { store: "dynamodb", table: "payments-failover-state", key: { name: "pk", value: "authority" } },
  });
}

beforeEach(() => {
  s3.reset();
  ddb.reset();
  ssm.reset();
});

describe("readAuthority", () => {
  it("reads the S3 object in the region it describes and parses the flag", async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(JSON.stringify({ ...FLAG, extra: "ignored" })) });
    expect(await provider().readAuthority("us-west-2", noAbort())).toEqual(FLAG);
    const call = s3.commandCalls(GetObjectCommand)[0];
    expect(call?.args[0].input).toEqual({ Bucket: "flags-us-west-2", Key: "authority.json" });
    expect(await regionOf(call?.thisValue)).toBe("us-west-2");
  });

  it("accepts a flag without updatedAt / updatedBy", async () => {
    s3.on(GetObjectCommand).resolves({ Body: body('{"role":"fenced","epoch":8}') });
    expect(await provider().readAuthority("us-east-1", noAbort())).toEqual({ role: "fenced", epoch: 8, updatedAt: null, updatedBy: null });
  });

  it.each([
    ["not JSON", "primary", "not JSON"],
    ["an unknown role", '{"role":"owner","epoch":1}', "role"],
    ["a negative epoch", '{"role":"primary","epoch":-1}', "epoch"],
    ["a missing epoch", '{"role":"primary"}', "epoch"],
    ["a malformed updatedAt", '{"role":"primary","epoch":1,"updatedAt":"yesterday"}', "updatedAt"],
  ])("rejects %s as invalid_response naming the store and location", async (_, text, mention) => {
    s3.on(GetObjectCommand).resolves({ Body: body(text) });
    const err = await failure(provider().readAuthority("us-east-1", noAbort()));
    expect(err.kind).toBe("invalid_response");
    expect(err.service).toBe("authority");
    expect(err.message).toContain("s3://flags-us-east-1/authority.json in us-east-1");
    expect(err.message).toContain(mention);
  });

  it("maps NoSuchKey to not_found and throttling to throttled", async () => {
    s3.on(GetObjectCommand).rejectsOnce(awsError("NoSuchKey", { status: 404 })).rejects(awsError("SlowDown", { status: 503, fault: "server" }));
    const p = provider();
    expect((await failure(p.readAuthority("us-east-1", noAbort()))).kind).toBe("not_found");
    expect((await failure(p.readAuthority("us-east-1", noAbort()))).kind).toBe("throttled");
  });

  it("reads a DynamoDB item consistently, keyed by the configured key, and parses its string attribute", async () => {
    ddb.on(GetItemCommand).resolves({ Item: { pk: { S: "authority" }, value: { S: JSON.stringify(FLAG) } } });
    expect(await provider(dynamoAuthority).readAuthority("us-west-2", noAbort())).toEqual(FLAG);
    const call = ddb.commandCalls(GetItemCommand)[0];
    expect(call?.args[0].input).toEqual({
      TableName: "payments-failover-state",
      Key: { pk: { S: "authority" } },
      ConsistentRead: true,
      ProjectionExpression: "#v",
      ExpressionAttributeNames: { "#v": "value" },
    });
    expect(await regionOf(call?.thisValue)).toBe("us-west-2");
  });

  it.each([
    ["a missing item", {}, "not_found", "no such item"],
    ["a missing attribute", { Item: { pk: { S: "authority" } } }, "invalid_response", 'no attribute "value"'],
    ["a map attribute", { Item: { value: { M: { role: { S: "primary" } } } } }, "invalid_response", "not a string (S)"],
  ] as const)("reports %s in DynamoDB as %s", async (_, response, kind, mention) => {
    ddb.on(GetItemCommand).resolves(response);
    const err = await failure(provider(dynamoAuthority).readAuthority("us-west-2", noAbort()));
    expect(err.kind).toBe(kind);
    expect(err.message).toContain("DynamoDB payments-failover-state item pk=authority");
    expect(err.message).toContain(mention);
  });

  it("reads the flag from an SSM parameter", async () => {
    const edit = (input: AwsInput) => {
      Object.assign(input.regions[0], { authorityFlag: { store: "ssm", parameter: "/payments/authority" } });
    };
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: "/payments/authority", Value: JSON.stringify(FLAG), Type: "String" } });
    expect(await provider(edit).readAuthority("us-east-1", noAbort())).toEqual(FLAG);
    expect(ssm.commandCalls(GetParameterCommand)[0]?.args[0].input).toEqual({ Name: "/payments/authority", WithDecryption: true });
  });
});

describe("readAppRole", () => {
  it.each([
    ["a bare word", "active\n", "active"],
    ["a JSON object", '{ "role": "passive", "since": "x" }', "passive"],
    ["a JSON string", '"passive"', "passive"],
  ])("reads %s from the region's SSM parameter", async (_, value, role) => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: value } });
    expect(await provider().readAppRole("us-west-2", noAbort())).toEqual({ role });
    const call = ssm.commandCalls(GetParameterCommand)[0];
    expect(call?.args[0].input).toEqual({ Name: "/app/cluster-role", WithDecryption: true });
    expect(await regionOf(call?.thisValue)).toBe("us-west-2");
  });

  it.each([
    ["another word", "primary"],
    ["an object with another role", '{"role":"leader"}'],
    ["broken JSON", '{"role":'],
  ])("rejects %s as invalid_response", async (_, value) => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Value: value } });
    const err = await failure(provider().readAppRole("us-east-1", noAbort()));
    expect(err.kind).toBe("invalid_response");
    expect(err.service).toBe("appRole");
    expect(err.message).toContain("app role at SSM parameter /app/cluster-role in us-east-1 is malformed");
  });

  it("maps ParameterNotFound to not_found and a parameter without value to invalid_response", async () => {
    ssm.on(GetParameterCommand).rejectsOnce(awsError("ParameterNotFound", { status: 400 })).resolves({ Parameter: {} });
    const p = provider();
    expect((await failure(p.readAppRole("us-east-1", noAbort()))).kind).toBe("not_found");
    expect((await failure(p.readAppRole("us-east-1", noAbort()))).kind).toBe("invalid_response");
  });

  it("times out when the store does not answer before the caller aborts", async () => {
    ssm.on(GetParameterCommand).callsFake(() => new Promise(() => {}));
    const controller = new AbortController();
    const pending = failure(provider().readAppRole("us-east-1", controller.signal));
    controller.abort();
    expect((await pending).kind).toBe("timeout");
  });
});
