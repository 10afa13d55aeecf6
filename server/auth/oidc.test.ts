import { describe, expect, it } from "vitest";
import { parseConfigText } from "@/server/config";
import { rolesFromGroups } from "./oidc";

const config = parseConfigText(
  `
mode: sim
auth:
  oidc:
    issuer: https://idp.example.com
    clientId: console
    clientSecret: { env: OIDC_SECRET }
    groupsClaim: memberOf
    defaultRoles: [viewer]
    roleMapping:
      sre-approvers: [approver]
      sre-admins: [admin, operator]
`,
  "t.yaml",
);
const oidc = config.auth.oidc;
if (!oidc) throw new Error("oidc missing from the test config");

describe("group → role mapping", () => {
  it("reads the configured claim and combines the roles of every mapped group, in a stable order", () => {
    expect(rolesFromGroups(oidc, { memberOf: ["sre-admins", "sre-approvers", "unrelated"] })).toEqual(["viewer", "operator", "approver", "admin"]);
  });

  it("accepts a single group as a string", () => {
    expect(rolesFromGroups(oidc, { memberOf: "sre-approvers" })).toEqual(["viewer", "approver"]);
  });

  it("grants only the default roles for unknown, missing or malformed claims", () => {
    expect(rolesFromGroups(oidc, { memberOf: ["nope"] })).toEqual(["viewer"]);
    expect(rolesFromGroups(oidc, {})).toEqual(["viewer"]);
    expect(rolesFromGroups(oidc, { memberOf: [42, null] })).toEqual(["viewer"]);
    // The default claim name is not consulted when another is configured.
    expect(rolesFromGroups(oidc, { groups: ["sre-admins"] })).toEqual(["viewer"]);
  });
});
