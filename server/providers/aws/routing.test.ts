import {
  EndpointTemporarilyUnavailableException,
  GetRoutingControlStateCommand,
  ListRoutingControlsCommand,
  Route53RecoveryClusterClient,
} from "@aws-sdk/client-route53-recovery-cluster";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { createAwsProvider } from "./index";
import { shuffle } from "./routing";
import { awsError, awsTestConfig, endpointOf, noAbort, regionOf, testClock, type AwsInput } from "./testing";

const arc = mockClient(Route53RecoveryClusterClient);
const RC1 = "arn:aws:route53-recovery-control::111122223333:controlpanel/abc/routingcontrol/rc1";
const RC2 = "arn:aws:route53-recovery-control::111122223333:controlpanel/abc/routingcontrol/rc2";
const PANEL = "arn:aws:route53-recovery-control::111122223333:controlpanel/abc";
const ENDPOINTS = [
  { region: "us-east-1", url: "https://host-a.us-east-1.example.com/v1" },
  { region: "us-west-2", url: "https://host-b.us-west-2.example.com/v1" },
  { region: "eu-west-1", url: "https://host-c.eu-west-1.example.com/v1" },
];
/** Fisher–Yates with random → 0.999 keeps the configured order, which makes the rotation readable. */
const inOrder = () => 0.999;

function config(edit: (input: AwsInput) => unknown = (i) => i, callTimeoutMs = 3000) {
  return awsTestConfig((input) => {
    const edited = (edit(input) ?? input) as AwsInput;
    return { ...edited, routing: { ...edited.routing, clusterEndpoints: ENDPOINTS }, monitor: { callTimeoutMs } };
  });
}

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

const unavailable = () => new EndpointTemporarilyUnavailableException({ message: "endpoint busy", $metadata: { httpStatusCode: 503 } });

beforeEach(() => arc.reset());

describe("readRoutingControls (ARC data plane)", () => {
  it("reads each of the region's routing controls through the first endpoint", async () => {
    arc.on(GetRoutingControlStateCommand).resolves({ RoutingControlArn: RC2, RoutingControlState: "On", RoutingControlName: "aws-name" });
    const views = await createAwsProvider(config(), { random: inOrder }).readRoutingControls("us-west-2", noAbort());
    expect(views).toEqual([{ arn: RC2, name: "rc us-west-2", state: "On" }]);
    const call = arc.commandCalls(GetRoutingControlStateCommand)[0];
    expect(call?.args[0].input).toEqual({ RoutingControlArn: RC2 });
    expect(await regionOf(call?.thisValue)).toBe("us-east-1");
    expect(await endpointOf(call?.thisValue)).toBe("https://host-a.us-east-1.example.com/v1");
  });

  it("moves to the next endpoint on EndpointTemporarilyUnavailableException", async () => {
    const tried: string[] = [];
    arc.on(GetRoutingControlStateCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient());
      tried.push(region);
      if (region === "us-east-1") throw unavailable();
      return { RoutingControlArn: RC1, RoutingControlState: "Off" };
    });
    const views = await createAwsProvider(config(), { random: inOrder }).readRoutingControls("us-east-1", noAbort());
    expect(views).toEqual([{ arn: RC1, name: "rc us-east-1", state: "Off" }]);
    expect(tried).toEqual(["us-east-1", "us-west-2"]);
  });

  it("moves on after throttling and after an endpoint that hangs past its share of the timeout", async () => {
    const tried: string[] = [];
    arc.on(GetRoutingControlStateCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient());
      tried.push(region);
      if (region === "us-east-1") return new Promise(() => {}); // 600 ms timeout / 3 endpoints → 200 ms each
      if (region === "us-west-2") throw awsError("ThrottlingException", { status: 429 });
      return { RoutingControlArn: RC1, RoutingControlState: "On" };
    });
    const views = await createAwsProvider(config(undefined, 600), { random: inOrder }).readRoutingControls("us-east-1", noAbort());
    expect(views[0]?.state).toBe("On");
    expect(tried).toEqual(["us-east-1", "us-west-2", "eu-west-1"]);
  });

  it("fails as unavailable naming every endpoint and its error when all fail", async () => {
    arc.on(GetRoutingControlStateCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient());
      if (region === "eu-west-1") throw awsError("InternalServerException", { status: 500, fault: "server" });
      throw unavailable();
    });
    const err = await failure(createAwsProvider(config(), { random: inOrder }).readRoutingControls("us-east-1", noAbort()));
    expect(err.kind).toBe("unavailable");
    expect(err.service).toBe("arc");
    expect(err.message).toContain("all 3 ARC cluster endpoints failed");
    for (const e of ENDPOINTS) expect(err.message).toContain(`${e.region} (${e.url})`);
    expect(err.message).toContain("EndpointTemporarilyUnavailableException: endpoint busy");
    expect(err.message).toContain("InternalServerException");
  });

  it("does not rotate on access denied: every endpoint would say the same", async () => {
    arc.on(GetRoutingControlStateCommand).rejects(awsError("AccessDeniedException", { status: 403 }));
    const err = await failure(createAwsProvider(config(), { random: inOrder }).readRoutingControls("us-east-1", noAbort()));
    expect(err.kind).toBe("access_denied");
    expect(arc.calls()).toHaveLength(1);
  });

  it("rejects a state other than On/Off, or a missing one, as invalid_response", async () => {
    arc.on(GetRoutingControlStateCommand).resolvesOnce({ RoutingControlArn: RC1, RoutingControlState: "Maybe" as "On" }).resolves({ RoutingControlArn: RC1 });
    const p = createAwsProvider(config(), { random: inOrder });
    for (let i = 0; i < 2; i++) {
      const err = await failure(p.readRoutingControls("us-east-1", noAbort()));
      expect(err.kind).toBe("invalid_response");
      expect(err.message).toContain("RoutingControlState");
    }
  });

  it("times out, without trying further endpoints, when the caller aborts", async () => {
    arc.on(GetRoutingControlStateCommand).callsFake(() => new Promise(() => {}));
    const controller = new AbortController();
    const pending = failure(createAwsProvider(config(), { random: inOrder }).readRoutingControls("us-east-1", controller.signal));
    controller.abort();
    expect((await pending).kind).toBe("timeout");
    expect(arc.calls()).toHaveLength(1);
  });

  it("with a control panel configured, lists its controls once (all pages) and keeps the region's own", async () => {
    const withPanel = config((input) => ({ ...input, routing: { ...input.routing, controlPanelArn: PANEL } }));
    arc
      .on(ListRoutingControlsCommand)
      .resolvesOnce({ RoutingControls: [{ RoutingControlArn: RC1, RoutingControlState: "Off", ControlPanelArn: PANEL }], NextToken: "page-2" })
      .resolves({ RoutingControls: [{ RoutingControlArn: RC2, RoutingControlState: "On" }] });
    const views = await createAwsProvider(withPanel, { random: inOrder }).readRoutingControls("us-west-2", noAbort());
    expect(views).toEqual([{ arn: RC2, name: "rc us-west-2", state: "On" }]);
    expect(arc.commandCalls(ListRoutingControlsCommand).map((c) => c.args[0].input)).toEqual([
      { ControlPanelArn: PANEL, NextToken: undefined },
      { ControlPanelArn: PANEL, NextToken: "page-2" },
    ]);
    expect(arc.commandCalls(GetRoutingControlStateCommand)).toHaveLength(0);
  });

  it("reports a configured control missing from the panel as not_found", async () => {
    const withPanel = config((input) => ({ ...input, routing: { ...input.routing, controlPanelArn: PANEL } }));
    arc.on(ListRoutingControlsCommand).resolves({ RoutingControls: [] });
    const err = await failure(createAwsProvider(withPanel, { random: inOrder }).readRoutingControls("us-west-2", noAbort()));
    expect(err.kind).toBe("not_found");
    expect(err.message).toContain(RC2);
  });

  it("uses a region's route53RecoveryCluster override as the URL of the cluster endpoint in that region", async () => {
    const vpce = "https://vpce-1.route53-recovery-cluster.us-east-1.vpce.amazonaws.com";
    const withOverride = config((input) => {
      Object.assign(input.regions[0], { endpoints: { route53RecoveryCluster: vpce } });
    });
    arc.on(GetRoutingControlStateCommand).resolves({ RoutingControlArn: RC1, RoutingControlState: "On" });
    await createAwsProvider(withOverride, { random: inOrder }).readRoutingControls("us-east-1", noAbort());
    expect(await endpointOf(arc.commandCalls(GetRoutingControlStateCommand)[0]?.thisValue)).toBe(`${vpce}/`);
  });

  it("shuffles the endpoints with the injected random source", async () => {
    expect(shuffle(["a", "b", "c"], inOrder)).toEqual(["a", "b", "c"]);
    expect(shuffle(["a", "b", "c"], () => 0)).toEqual(["b", "c", "a"]);
    const tried: string[] = [];
    arc.on(GetRoutingControlStateCommand).callsFake(async (_input, getClient) => {
      tried.push(await regionOf(getClient()));
      return { RoutingControlArn: RC1, RoutingControlState: "On" };
    });
    await createAwsProvider(config(), { random: () => 0, clock: testClock() }).readRoutingControls("us-east-1", noAbort());
    expect(tried).toEqual(["us-west-2"]);
  });
});
