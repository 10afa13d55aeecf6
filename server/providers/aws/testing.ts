import { stringify } from "yaml";
import { parseConfigText, type AwsConfig } from "@/server/config";
import { awsConfigInput } from "@/server/config/testing";
import { manualClock } from "@/server/clock";
import { ProviderError, WriteRejectedError } from "@/server/providers/port";

/** Test fixtures for the aws provider: configs parsed through the real config loader. */

export type AwsInput = ReturnType<typeof awsConfigInput>;

/** A valid AWS-mode config; `edit` may change the plain input (or return a new one) before it is parsed. */
export function awsTestConfig(edit?: (input: AwsInput) => unknown): AwsConfig {
  const input = awsConfigInput();
  const edited = edit?.(input) ?? input;
  const config = parseConfigText(stringify(edited), "test.yaml");
  if (config.mode !== "aws") throw new Error("expected an aws-mode config");
  return config;
}

export const T0 = new Date("2026-01-01T12:00:00.000Z");
export const testClock = () => manualClock(T0);

/** The AWS region an SDK client was built for (its resolved `region` provider). */
export async function regionOf(client: unknown): Promise<string> {
  const region = (client as { config?: { region?: unknown } } | undefined)?.config?.region;
  const value: unknown = typeof region === "function" ? await (region as () => Promise<unknown>)() : region;
  if (typeof value !== "string") throw new Error("not an SDK client with a region");
  return value;
}

/** The endpoint URL an SDK client was given, or null when it uses the SDK's default. */
export async function endpointOf(client: unknown): Promise<string | null> {
  const endpoint = (client as { config?: { endpoint?: unknown } } | undefined)?.config?.endpoint;
  if (typeof endpoint !== "function") return null;
  const value = (await (endpoint as () => Promise<unknown>)()) as { protocol?: string; hostname?: string; port?: number; path?: string } | undefined;
  if (!value?.hostname) return null;
  return `${value.protocol ?? "https:"}//${value.hostname}${value.port ? `:${value.port}` : ""}${value.path ?? ""}`;
}

/** The options object a mocked `send` was called with (aws-sdk-client-mock records every argument). */
export function sendOptions(call: { args: readonly unknown[] }): { abortSignal?: AbortSignal } | undefined {
  return call.args[1] as { abortSignal?: AbortSignal } | undefined;
}

/** An SDK-shaped service exception (name, $fault, $metadata), as the SDK's deserialisers throw them. */
export function awsError(name: string, opts: { status?: number; fault?: "client" | "server"; message?: string } = {}): Error {
  const err = new Error(opts.message ?? `${name} (mocked)`);
  err.name = name;
  Object.assign(err, { $fault: opts.fault ?? "client", $metadata: { httpStatusCode: opts.status ?? 400 } });
  return err;
}

/** A signal that is never aborted, for calls whose deadline is not under test. */
export const noAbort = () => new AbortController().signal;

/**
 * An AWS answer passed to a mock as-is. The SDK's types describe well-formed answers; these tests
 * also feed missing, extra and malformed fields on purpose, which is what the parsers are for.
 */
export function raw(value: unknown): never {
  return value as never;
}

/** What `p` rejected with, which must be a ProviderError. */
export async function providerError(p: Promise<unknown>): Promise<ProviderError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return err;
}

/** What `p` rejected with, which must be a WriteRejectedError. */
export async function writeRejection(p: Promise<unknown>): Promise<WriteRejectedError> {
  const err: unknown = await p.then(() => undefined, (e: unknown) => e);
  if (!(err instanceof WriteRejectedError)) throw new Error(`expected a WriteRejectedError, got ${String(err)}`);
  return err;
}
