import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { defaultSimConfig, parseConfigText } from "./load";
import { awsConfigInput, errorLines } from "./testing";

describe("the incidents section", () => {
  it("defaults to opening incidents automatically, at sev2, after a 15 s hold, with a 10-minute cool-down, in both modes", () => {
    expect(defaultSimConfig().incidents).toEqual({ autoOpen: true, autoSeverity: "sev2", reopenCooldownMinutes: 10, autoOpenAfterSeconds: 15 });
    const aws = parseConfigText(stringify({ ...awsConfigInput(), incidents: { autoOpen: false, autoSeverity: "sev1" } }), "c.yaml");
    expect(aws.incidents).toEqual({ autoOpen: false, autoSeverity: "sev1", reopenCooldownMinutes: 10, autoOpenAfterSeconds: 15 });
  });

  it("names a bad value and an unknown key", () => {
    const lines = errorLines({ mode: "sim", incidents: { autoSeverity: "sev0", reopenCooldownMinute: 5 } });
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^console\.config\.yaml: incidents\.autoSeverity: expected one of sev1, sev2, sev3, sev4/), expect.stringMatching(/incidents.*unknown key "reopenCooldownMinute"/)]));
  });
});
