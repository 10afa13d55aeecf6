import { ListSafetyRulesCommand, Route53RecoveryControlConfigClient } from "@aws-sdk/client-route53-recovery-control-config";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { createAwsProvider } from "./index";
import { awsError, awsTestConfig, noAbort, raw, regionOf, testClock } from "./testing";

// aws-sdk-client-mock is typed against @smithy/types, while this client (3.332, the last version
// published) still carries the older @aws-sdk/types: the class is bridged through `unknown`. At run
// time the mock stubs `send` the same way. The provider only ever sends ListSafetyRules to it,
// which each test checks on the recorded commands.
const config = mockClient(Route53RecoveryControlConfigClient as unknown as Parameters<typeof mockClient>[0]);
const listCalls = () =>
  config.calls().map((c) => {
    const command: unknown = c.args[0];
    if (!(command instanceof ListSafetyRulesCommand)) throw new Error("expected only ListSafetyRules calls");
    return { input: command.input, client: c.thisValue as unknown };
  });
const PANEL = "arn:aws:route53-recovery-control::111122223333:controlpanel/abc";
const RC1 = `${PANEL}/routingcontrol/rc1`;
const RC2 = `${PANEL}/routingcontrol/rc2`;

const assertion = {
  ASSERTION: {
    Name: "at-least-one-on",
    SafetyRuleArn: `${PANEL}/safetyrule/s1`,
    ControlPanelArn: PANEL,
    AssertedControls: [RC1, RC2],
    RuleConfig: { Type: "ATLEAST", Threshold: 1, Inverted: false },
    Status: "DEPLOYED",
    WaitPeriodMs: 5000,
    Owner: "111122223333",
  },
};
const gating = {
  GATING: {
    Name: "maintenance-gate",
    SafetyRuleArn: `${PANEL}/safetyrule/s2`,
    ControlPanelArn: PANEL,
    GatingControls: [`${PANEL}/routingcontrol/gate`],
    TargetControls: [RC1, RC2],
    RuleConfig: { Type: "OR", Threshold: 1, Inverted: true },
    Status: "PENDING",
    WaitPeriodMs: 0,
  },
};

async function failure(p: Promise<unknown>): Promise<ProviderError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

beforeEach(() => config.reset());

describe("safetyRules (ARC control-config ListSafetyRules)", () => {
  it("lists the rules of the control panel named in the routing control ARNs, in us-west-2", async () => {
    config.onAnyCommand().resolves(raw({ SafetyRules: [assertion, gating] }));
    const rules = await createAwsProvider(awsTestConfig(), { clock: testClock() }).safetyRules(noAbort());
    expect(rules).toEqual([
      {
        kind: "assertion",
        arn: `${PANEL}/safetyrule/s1`,
        name: "at-least-one-on",
        controlPanelArn: PANEL,
        status: "DEPLOYED",
        rule: { type: "ATLEAST", threshold: 1, inverted: false },
        waitPeriodMs: 5000,
        assertedControls: [RC1, RC2],
      },
      {
        kind: "gating",
        arn: `${PANEL}/safetyrule/s2`,
        name: "maintenance-gate",
        controlPanelArn: PANEL,
        status: "PENDING",
        rule: { type: "OR", threshold: 1, inverted: true },
        waitPeriodMs: 0,
        gatingControls: [`${PANEL}/routingcontrol/gate`],
        targetControls: [RC1, RC2],
      },
    ]);
    const [call] = listCalls();
    expect(call?.input).toEqual({ ControlPanelArn: PANEL, MaxResults: 100, NextToken: undefined });
    expect(await regionOf(call?.client)).toBe("us-west-2");
  });

  it("follows NextToken and uses the configured control panel", async () => {
    const other = "arn:aws:route53-recovery-control::111122223333:controlpanel/other";
    const cfg = awsTestConfig((input) => ({ ...input, routing: { ...input.routing, controlPanelArn: other } }));
    config.onAnyCommand().resolvesOnce(raw({ SafetyRules: [assertion], NextToken: "t2" })).resolves(raw({ SafetyRules: [gating] }));
    const rules = await createAwsProvider(cfg, { clock: testClock() }).safetyRules(noAbort());
    expect(rules.map((r) => r.kind)).toEqual(["assertion", "gating"]);
    expect(listCalls().map((c) => c.input)).toEqual([
      { ControlPanelArn: other, MaxResults: 100, NextToken: undefined },
      { ControlPanelArn: other, MaxResults: 100, NextToken: "t2" },
    ]);
  });

  it("serves a second read within cacheSeconds from the cache, and reads again after", async () => {
    const clock = testClock();
    const cfg = awsTestConfig((input) => ({ ...input, routing: { ...input.routing, safetyRules: { cacheSeconds: 60 } } }));
    config.onAnyCommand().resolves(raw({ SafetyRules: [assertion] }));
    const p = createAwsProvider(cfg, { clock });
    const first = await p.safetyRules(noAbort());
    clock.advance(59_000);
    expect(await p.safetyRules(noAbort())).toEqual(first);
    expect(listCalls()).toHaveLength(1);
    clock.advance(1_000);
    await p.safetyRules(noAbort());
    expect(listCalls()).toHaveLength(2);
  });

  it("does not cache a failure", async () => {
    config.onAnyCommand().rejectsOnce(awsError("ResourceNotFoundException", { status: 404 })).resolves(raw({ SafetyRules: [] }));
    const p = createAwsProvider(awsTestConfig(), { clock: testClock() });
    expect((await failure(p.safetyRules(noAbort()))).kind).toBe("not_found");
    expect(await p.safetyRules(noAbort())).toEqual([]);
  });

  it("retries with the second region's credentials when the first region's call fails", async () => {
    config.onAnyCommand().rejectsOnce(awsError("ExpiredTokenException", { status: 403 })).resolves(raw({ SafetyRules: [assertion] }));
    const rules = await createAwsProvider(awsTestConfig(), { clock: testClock() }).safetyRules(noAbort());
    expect(rules).toHaveLength(1);
    const calls = listCalls();
    expect(calls).toHaveLength(2);
    expect(calls[0]?.client).not.toBe(calls[1]?.client);
  });

  it("throws the throttling of both regions as throttled", async () => {
    config.onAnyCommand().rejects(awsError("ThrottlingException", { status: 429 }));
    const err = await failure(createAwsProvider(awsTestConfig(), { clock: testClock() }).safetyRules(noAbort()));
    expect(err.kind).toBe("throttled");
    expect(err.message).toContain("credentials of us-east-1");
    expect(err.message).toContain("credentials of us-west-2");
  });

  it.each([
    ["a rule that is neither ASSERTION nor GATING", { SafetyRules: [{ NEWKIND: {} }] }, "neither ASSERTION nor GATING"],
    ["a rule without RuleConfig", { SafetyRules: [{ ASSERTION: { ...assertion.ASSERTION, RuleConfig: undefined } }] }, "RuleConfig"],
    ["an unknown rule type", { SafetyRules: [{ ASSERTION: { ...assertion.ASSERTION, RuleConfig: { Type: "XOR", Threshold: 1, Inverted: false } } }] }, "Type"],
  ])("rejects %s as invalid_response", async (_, response, mention) => {
    config.onAnyCommand().resolves(raw(response));
    const err = await failure(createAwsProvider(awsTestConfig(), { clock: testClock() }).safetyRules(noAbort()));
    expect(err.kind).toBe("invalid_response");
    expect(err.message).toContain(mention);
  });

  it("treats an omitted SafetyRules list as no rules", async () => {
    config.onAnyCommand().resolves(raw({}));
    expect(await createAwsProvider(awsTestConfig(), { clock: testClock() }).safetyRules(noAbort())).toEqual([]);
  });
});
