import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// The boundary that keeps secrets and AWS clients out of the browser bundle is a lint rule;
// this proves the rule fires, so a config change cannot silently switch it off.
describe("lint: components/ and lib/ may not import values from server/", () => {
  const eslint = new ESLint({ cwd: process.cwd() });
  const lint = async (filePath: string, code: string) => {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === "@typescript-eslint/no-restricted-imports");
  };

  it("refuses a value import from server/ in components/ and lib/", async () => {
    const code = 'import { env } from "@/server/env";\nexport const x = env;\n';
    expect(await lint("components/example.tsx", code)).toHaveLength(1);
    expect(await lint("lib/example.ts", code)).toHaveLength(1);
  });

  it("allows a type-only import", async () => {
    const code = 'import type { Env } from "@/server/env";\nexport type X = Env;\n';
    expect(await lint("components/example.tsx", code)).toHaveLength(0);
  });

  it("does not restrict app/ (route handlers call server/)", async () => {
    const code = 'import { env } from "@/server/env";\nexport const x = env;\n';
    expect(await lint("app/example.ts", code)).toHaveLength(0);
  });
});
