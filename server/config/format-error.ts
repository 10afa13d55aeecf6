import type { z } from "zod";

/**
 * Turns zod issues into lines an operator can act on: `<path>: <what was expected>`.
 *
 * Messages come from two places. Schemas attach their own where a generic one would be vague
 * ("expected an AWS region code like us-east-1", "required when mode is aws"); everything else
 * goes through `configErrorMap`, passed to `safeParse`, which zod consults only when the schema
 * gave no message of its own.
 */

export interface ConfigProblem {
  /** Where in the file, in JS notation (`regions[1].partition`); empty for the file as a whole. */
  path: string;
  /** What was expected, e.g. `expected one of aws, aws-us-gov, aws-cn, aws-eusc`. */
  message: string;
  /** 1-based position, when known (YAML syntax errors). */
  line?: number;
  column?: number;
}

/** `["regions", 1, "partition"]` → `regions[1].partition`; odd keys are quoted: `roleMapping["SRE team"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** The type of a parsed YAML value, in the words YAML users know. */
function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

const EXPECTED_NAMES: Record<string, string> = { int: "integer", record: "object", tuple: "array" };

function bound(issue: { origin: string; inclusive?: boolean; exact?: boolean }, limit: number | bigint, side: "least" | "most"): string {
  const n = Number(limit);
  if (issue.origin === "string") {
    return side === "least" && n === 1 ? "must not be empty" : `expected at ${side} ${n} characters`;
  }
  if (issue.origin === "array" || issue.origin === "set") {
    return issue.exact ? `expected exactly ${n} items` : `expected at ${side} ${n} item${n === 1 ? "" : "s"}`;
  }
  if (issue.inclusive === false) return `expected a number ${side === "least" ? "greater" : "less"} than ${n}`;
  return `expected a number ${side === "least" ? ">=" : "<="} ${n}`;
}

/** The fallback message for each kind of issue. */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "required";
      if (issue.expected === "int" && typeof issue.input === "number") return "expected an integer";
      return `expected ${EXPECTED_NAMES[issue.expected] ?? issue.expected}, got ${typeName(issue.input)}`;
    case "invalid_value":
      if (issue.input === undefined) return "required";
      return issue.values.length === 1
        ? `expected ${typeof issue.values[0] === "string" ? `"${issue.values[0]}"` : String(issue.values[0])}`
        : `expected one of ${issue.values.map(String).join(", ")}`;
    case "invalid_union": {
      // A discriminated union reports its tag: `store`, `mode`. `issue.input` is the whole object.
      if (issue.discriminator !== undefined) {
        const tag = typeof issue.input === "object" && issue.input !== null ? Reflect.get(issue.input, issue.discriminator) : undefined;
        if (tag === undefined) return "required";
        const options: unknown[] = Array.isArray(issue.options) ? issue.options : [];
        return `expected one of ${options.map(String).join(", ")}`;
      }
      return issue.input === undefined ? "required" : "does not match any of the allowed forms";
    }
    case "unrecognized_keys":
      return issue.keys.map((key) => `unknown key "${key}"`).join(", ");
    case "too_small":
      return bound(issue, issue.minimum, "least");
    case "too_big":
      return bound(issue, issue.maximum, "most");
    case "invalid_format":
      if (issue.format === "url") return "expected a URL";
      if (issue.format === "regex" && issue.pattern) return `expected a value matching ${issue.pattern}`;
      return `expected a valid ${issue.format}`;
    case "not_multiple_of":
      return `expected a multiple of ${issue.divisor}`;
    case "invalid_key":
      return "invalid key";
    case "invalid_element":
      return "invalid element";
    default:
      return undefined;
  }
};

/**
 * A plain union (credentials, secrets) reports every branch's failure. When exactly one branch
 * has the right shape (right type, no stray keys) the user meant that one, so its issues are the
 * useful ones; otherwise the union's own message names the allowed forms.
 */
function intendedBranch(branches: readonly (readonly z.core.$ZodIssue[])[]): readonly z.core.$ZodIssue[] | undefined {
  const plausible = branches.filter(
    (issues) => !issues.some((i) => i.path.length === 0 && (i.code === "invalid_type" || i.code === "unrecognized_keys")),
  );
  return plausible.length === 1 ? plausible[0] : undefined;
}

/** One problem per issue; one per key for unknown keys, so each typo gets its own line. */
export function problemsFromIssues(issues: readonly z.core.$ZodIssue[], base: readonly PropertyKey[] = []): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    const at = [...base, ...issue.path];
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => ({ path: formatPath(at), message: `unknown key "${key}"` }));
    }
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const branch = intendedBranch(issue.errors);
      if (branch) return problemsFromIssues(branch, at);
    }
    return [{ path: formatPath(at), message: issue.message }];
  });
}
