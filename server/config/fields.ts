import { isIP } from "node:net";
import { z } from "zod";

/**
 * Building blocks shared by the config schemas. Messages here complete the sentence
 * "<file>: <path>: ..." that `format-error.ts` prints, so they say what was expected.
 */

/**
 * Error parameter for sections that AWS mode needs and sim mode may leave out. The sim variant wraps
 * the same schema in `.optional()`, so this message only ever fires in AWS mode.
 */
export const requiredInAws = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "required when mode is aws" : undefined),
};

/** Loopback hosts, the only place where plain http is acceptable (local identity providers, emulators). */
function isLoopback(hostname: string): boolean {
  return (
    hostname === "localhost" ||
    hostname.endsWith(".localhost") ||
    hostname === "[::1]" ||
    /^127(\.\d{1,3}){3}$/.test(hostname)
  );
}

/**
 * An https URL, or http on a loopback host. Credentials, tokens and readiness answers travel over
 * these URLs, so cleartext is refused anywhere it could cross a network.
 */
export const SecureUrl = z
  .url({ protocol: /^https?$/, error: "expected an https URL" })
  .refine((value) => {
    const url = new URL(value);
    return url.protocol === "https:" || isLoopback(url.hostname);
  }, "expected an https URL (http is allowed only for localhost)");

/** An endpoint override: plain http is allowed because emulators and VPC proxies often use it. */
export const EndpointUrl = z.url({ protocol: /^https?$/, error: "expected an http(s) URL" });

/**
 * A secret: either written inline or, better, named by environment variable. The config module
 * never reads the environment; whoever starts the console resolves `{ env }` references.
 */
export const EnvSecretRef = z.strictObject({
  env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "expected an environment variable name like OIDC_CLIENT_SECRET"),
});
export type EnvSecretRef = z.infer<typeof EnvSecretRef>;
export const Secret = z.union([z.string().min(1), EnvSecretRef], {
  error: (issue) =>
    issue.input === undefined ? undefined : "expected a string or { env: VARIABLE_NAME }",
});
export type Secret = z.infer<typeof Secret>;

/** AWS account-scoped ARNs; the partition segment is what the region checks compare against. */
export const PARTITION_IN_ARN = "aws(?:-[a-z]+)*";
export function arnPattern(service: string, resource: string, regional = false): RegExp {
  const region = regional ? "[a-z0-9-]+" : "";
  return new RegExp(`^arn:${PARTITION_IN_ARN}:${service}:${region}:\\d{12}:${resource}$`);
}

/** The partition segment of an ARN (`arn:aws-us-gov:iam::...` → `aws-us-gov`). */
export function arnPartition(arn: string): string | undefined {
  return arn.split(":")[1];
}

/** An RDS / global cluster identifier: a letter, then letters, digits and hyphens, up to 63. */
export const ClusterId = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9-]{0,62}$/, "expected a cluster identifier (letters, digits, hyphens; starts with a letter)");

/**
 * A trusted proxy: one address (IPv4 or IPv6) or a CIDR block of them. An IPv4-mapped IPv6
 * address (`::ffff:10.0.0.1`) is written as the IPv4 one; the matcher treats them alike.
 */
export const ProxyAddress = z.string().refine(isAddressOrCidr, {
  error: (issue) => `expected an IP address or CIDR block (10.0.0.0/8, fd00::/8), got ${JSON.stringify(issue.input)}`,
});

function isAddressOrCidr(value: string): boolean {
  const [address = "", prefix, extra] = value.trim().split("/");
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
