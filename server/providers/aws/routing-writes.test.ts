import {
  ConflictException,
  EndpointTemporarilyUnavailableException,
  Route53RecoveryClusterClient,
  ThrottlingException,
  UpdateRoutingControlStatesCommand,
} from "@aws-sdk/client-route53-recovery-cluster";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { AwsClients } from "./clients";
import { createAwsProvider } from "./index";
import { credentialOrder } from "./routing-writes";
import { awsError, awsTestConfig, endpointOf, noAbort, providerError, regionOf, testClock, writeRejection, type AwsInput } from "./testing";

const arc = mockClient(Route53RecoveryClusterClient);
const RC1 = "arn:aws:route53-recovery-control::111122223333:controlpanel/abc/routingcontrol/rc1"; // us-east-1's
const RC2 = "arn:aws:route53-recovery-control::111122223333:controlpanel/abc/routingcontrol/rc2"; // us-west-2's
const ENDPOINTS = [
  { region: "us-east-1", url: "https://host-a.us-east-1.example.com/v1" },
  { region: "us-west-2", url: "https://host-b.us-west-2.example.com/v1" },
  { region: "eu-west-1", url: "https://host-c.eu-west-1.example.com/v1" },
];
/** Fisher–Yates with random → 0.999 keeps the configured order, which makes the rotation readable. */
const inOrder = () => 0.999;
/** Fail over to us-west-2: its control On and us-east-1's Off, in one call. */
const FAILOVER = [
  { arn: RC2, state: "On" as const },
  { arn: RC1, state: "Off" as const },
];

function config(edit: (input: AwsInput) => unknown = (i) => i, callTimeoutMs = 3000) {
  return awsTestConfig((input) => {
    const edited = (edit(input) ?? input) as AwsInput;
    return { ...edited, routing: { ...edited.routing, clusterEndpoints: ENDPOINTS }, monitor: { callTimeoutMs } };
  });
}
const provider = () => createAwsProvider(config(), { random: inOrder });

/** Which console region's credentials (clients.arc's first argument) each ARC client was built for, in call order. */
let credentialRegions: string[] = [];
beforeEach(() => {
  arc.reset();
  credentialRegions = [];
  const original = AwsClients.prototype.arc;
  vi.spyOn(AwsClients.prototype, "arc").mockImplementation(function (this: AwsClients, regionId, endpoint) {
    credentialRegions.push(regionId);
    return original.call(this, regionId, endpoint);
  });
});
afterEach(() => vi.restoreAllMocks());

/** The endpoint region each UpdateRoutingControlStates went to. */
async function endpointsTried(): Promise<string[]> {
  return Promise.all(arc.commandCalls(UpdateRoutingControlStatesCommand).map((c) => regionOf(c.thisValue)));
}

describe("updateRoutingControls (ARC UpdateRoutingControlStates)", () => {
  it("sends every update in one call through the first endpoint, signed by the region being turned On", async () => {
    arc.on(UpdateRoutingControlStatesCommand).resolves({});
    await provider().updateRoutingControls(FAILOVER, noAbort());
    const calls = arc.commandCalls(UpdateRoutingControlStatesCommand);
    expect(calls.map((c) => c.args[0].input)).toEqual([
      {
        UpdateRoutingControlStateEntries: [
          { RoutingControlArn: RC2, RoutingControlState: "On" },
          { RoutingControlArn: RC1, RoutingControlState: "Off" },
        ],
      },
    ]);
    expect(await endpointOf(calls[0]?.thisValue)).toBe("https://host-a.us-east-1.example.com/v1");
    expect(credentialRegions).toEqual(["us-west-2"]);
  });

  it("passes SafetyRulesToOverride through when given, in the same single call", async () => {
    arc.on(UpdateRoutingControlStatesCommand).resolves({});
    const rule = "arn:aws:route53-recovery-control::111122223333:controlpanel/abc/safetyrule/at-least-one";
    await provider().updateRoutingControls(FAILOVER, noAbort(), { safetyRulesToOverride: [rule] });
    const calls = arc.commandCalls(UpdateRoutingControlStatesCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.args[0].input.SafetyRulesToOverride).toEqual([rule]);
    expect(calls[0]?.args[0].input.UpdateRoutingControlStateEntries).toHaveLength(2);
  });

  it("gives each endpoint attempt the whole call timeout within the caller's budget, not a fifth of it", async () => {
    // 200 ms per call: the first endpoint hangs past it, the second answers.
    arc.on(UpdateRoutingControlStatesCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient())) === "us-east-1") return new Promise(() => {});
      return {};
    });
    await createAwsProvider(config(undefined, 200), { random: inOrder }).updateRoutingControls(FAILOVER, noAbort());
    expect(await endpointsTried()).toEqual(["us-east-1", "us-west-2"]);
  });

  it("a ThrottlingException with retryAfterSeconds is 'throttled' with retryAfterMs, and ARC is not asked again before then", async () => {
    const clock = testClock();
    arc.on(UpdateRoutingControlStatesCommand).rejectsOnce(
      new ThrottlingException({ message: "Rate exceeded", retryAfterSeconds: 2, $metadata: { httpStatusCode: 429 } }),
    ).resolves({});
    const p = createAwsProvider(config(), { random: inOrder, clock });
    const err = await providerError(p.updateRoutingControls(FAILOVER, noAbort()));
    expect(err).toMatchObject({ kind: "throttled", service: "arc", retryAfterMs: 2000 });
    // Neither the next endpoint nor the next credential set was tried sooner.
    expect(arc.calls()).toHaveLength(1);
    clock.advance(500);
    const early = await providerError(p.updateRoutingControls(FAILOVER, noAbort()));
    expect(early).toMatchObject({ kind: "throttled", retryAfterMs: 1500 });
    expect(arc.calls()).toHaveLength(1);
    clock.advance(1500);
    await p.updateRoutingControls(FAILOVER, noAbort());
    expect(arc.calls()).toHaveLength(2);
  });

  it("does nothing for an empty list", async () => {
    await provider().updateRoutingControls([], noAbort());
    expect(arc.calls()).toHaveLength(0);
  });

  it("moves to the next endpoint on EndpointTemporarilyUnavailableException, throttling and 5xx, resending the same update", async () => {
    arc.on(UpdateRoutingControlStatesCommand).callsFake(async (_input, getClient) => {
      const region = await regionOf(getClient());
      if (region === "us-east-1") throw new EndpointTemporarilyUnavailableException({ message: "busy", $metadata: { httpStatusCode: 503 } });
      if (region === "us-west-2") throw awsError("ThrottlingException", { status: 429 });
      return {};
    });
    await provider().updateRoutingControls(FAILOVER, noAbort());
    expect(await endpointsTried()).toEqual(["us-east-1", "us-west-2", "eu-west-1"]);
    const inputs = arc.commandCalls(UpdateRoutingControlStatesCommand).map((c) => c.args[0].input);
    expect(new Set(inputs.map((i) => JSON.stringify(i))).size).toBe(1);
  });

  it("does not retry a ConflictException (a safety rule would break) on another endpoint or with other credentials", async () => {
    arc
      .on(UpdateRoutingControlStatesCommand)
      .rejects(new ConflictException({ message: "would violate assertion rule at-least-one", resourceId: RC1, resourceType: "routingcontrol", $metadata: { httpStatusCode: 409 } }));
    const err = await writeRejection(provider().updateRoutingControls([{ arn: RC1, state: "Off" }], noAbort()));
    expect(err).toMatchObject({ code: "ConflictException", service: "arc" });
    expect(err.message).toContain("would violate assertion rule at-least-one");
    expect(err.message).toContain("rc us-east-1 Off");
    expect(arc.calls()).toHaveLength(1);
  });

  it("refuses ValidationException and ResourceNotFoundException as WriteRejectedError, without rotating", async () => {
    arc
      .on(UpdateRoutingControlStatesCommand)
      .rejectsOnce(awsError("ValidationException", { status: 400 }))
      .rejects(awsError("ResourceNotFoundException", { status: 404 }));
    const p = provider();
    expect((await writeRejection(p.updateRoutingControls(FAILOVER, noAbort()))).code).toBe("ValidationException");
    expect((await writeRejection(p.updateRoutingControls(FAILOVER, noAbort()))).code).toBe("ResourceNotFoundException");
    expect(arc.calls()).toHaveLength(2);
  });

  it("falls back to the other region's credentials when the first set is refused, and reports both when all fail", async () => {
    arc.on(UpdateRoutingControlStatesCommand).rejects(awsError("AccessDeniedException", { status: 403 }));
    const err = await providerError(provider().updateRoutingControls(FAILOVER, noAbort()));
    expect(err.kind).toBe("access_denied");
    expect(credentialRegions).toEqual(["us-west-2", "us-east-1"]);
    expect(err.message).toContain("with us-west-2's credentials");
    expect(err.message).toContain("with us-east-1's credentials");
    // Access denied is the same on every endpoint: one attempt per credential set.
    expect(arc.calls()).toHaveLength(2);
  });

  it("succeeds with the second region's credentials after every endpoint failed with the first's", async () => {
    arc.on(UpdateRoutingControlStatesCommand).callsFake(async () => {
      if (credentialRegions.at(-1) === "us-west-2") throw new EndpointTemporarilyUnavailableException({ message: "busy", $metadata: {} });
      return {};
    });
    await provider().updateRoutingControls(FAILOVER, noAbort());
    expect(credentialRegions).toEqual(["us-west-2", "us-west-2", "us-west-2", "us-east-1"]);
  });

  it("is a timeout at once, with nothing more sent, when the caller aborts", async () => {
    arc.on(UpdateRoutingControlStatesCommand).callsFake(() => new Promise(() => {}));
    const controller = new AbortController();
    const pending = providerError(provider().updateRoutingControls(FAILOVER, controller.signal));
    controller.abort();
    expect((await pending).kind).toBe("timeout");
    expect(arc.calls()).toHaveLength(1);
  });

  it("orders credentials: regions turned On, then other changed regions, then the rest", () => {
    const c = config();
    expect(credentialOrder(c, FAILOVER)).toEqual(["us-west-2", "us-east-1"]);
    expect(credentialOrder(c, [{ arn: RC2, state: "Off" }])).toEqual(["us-west-2", "us-east-1"]);
    expect(credentialOrder(c, [{ arn: RC2, state: "Off" }, { arn: RC1, state: "On" }])).toEqual(["us-east-1", "us-west-2"]);
  });
});
