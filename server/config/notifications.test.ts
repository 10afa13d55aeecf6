import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { parseConfigText } from "./load";
import { errorLines } from "./testing";

const parse = (notifications: unknown) => parseConfigText(stringify({ mode: "sim", notifications }), "console.config.yaml");

describe("notifications config", () => {
  it("defaults to no destinations; a destination without events wants every kind but the test", () => {
    expect(parse(undefined).notifications).toMatchObject({ destinations: [], delivery: { timeoutMs: 5000, concurrency: 8, maxAttempts: 10 } });
    const [d] = parse({ destinations: [{ name: "chat", type: "slack", urlEnv: "SLACK_WEBHOOK_URL" }] }).notifications.destinations;
    expect(d?.events).toContain("proposal.pending");
    expect(d?.events).not.toContain("test");
  });

  const problems = (destinations: unknown[]) => errorLines({ mode: "sim", notifications: { destinations } }).join("\n");

  it("refuses a secret written into the file, naming the field and what is expected instead", () => {
    expect(problems([{ name: "chat", type: "slack", urlEnv: "https://hooks.slack.com/services/T/B/secret" }])).toBe(
      "console.config.yaml: notifications.destinations[0].urlEnv: expected the name of an environment variable holding the secret, like SLACK_WEBHOOK_URL (never the secret itself)",
    );
  });

  it("names an unknown type, a signed webhook without its key variable, an unknown event kind and a duplicate name", () => {
    expect(problems([{ name: "a", type: "teams", urlEnv: "X" }])).toMatch(/destinations\[0\]\.type: expected type "slack", "pagerduty" or "webhook"/);
    expect(problems([{ name: "b", type: "webhook", urlEnv: "HOOK_URL" }])).toMatch(/destinations\[0\]\.secretEnv/);
    expect(problems([{ name: "c", type: "slack", urlEnv: "S", events: ["proposal.created"] }])).toMatch(/destinations\[0\]\.events\[0\]: expected one of proposal\.pending/);
    const twice = { name: "d", type: "slack", urlEnv: "S" };
    expect(problems([twice, twice])).toMatch(/destinations\[1\]\.name: duplicate destination name "d" \(destinations\[0\] has it too\)/);
  });
});
