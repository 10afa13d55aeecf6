import "server-only";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { z } from "zod";
import type { Clock } from "@/server/clock";
import type { AwsConfig, AwsRegionConfig } from "@/server/config";
import { MAX_ATTEMPTS } from "@/server/providers/aws/clients";
import { regionCredentials } from "@/server/providers/aws/credentials";
import { CheckFailure, kindOf, messageOf, UnresolvedCredentials, untilAborted, type Check } from "./run-checks";

/**
 * Do the region's credentials resolve, and whose are they? Built with the provider's own
 * credential helper (same STS region, endpoint override, timeouts), so a pass here means the
 * console's clients will sign too. Resolution and the GetCallerIdentity call are told apart
 * in the detail: "did not resolve" is a profile, role trust or network problem; a failing
 * GetCallerIdentity with resolved credentials is an STS endpoint problem.
 * GetCallerIdentity needs no IAM permission, so it cannot be denied by a policy.
 */
const CallerIdentity = z.object({ Account: z.string(), Arn: z.string() });

function describeSource(region: AwsRegionConfig): { label: string; how: string } {
  const c = region.credentials;
  const sts = region.endpoints?.sts ? `at ${region.endpoints.sts}` : `in ${region.id}`;
  if ("roleArn" in c) return { label: `role ${c.roleArn.split("/").at(-1) ?? c.roleArn}`, how: `AssumeRole ${c.roleArn} through STS ${sts}, from the default chain's credentials` };
  if ("profile" in c) return { label: `profile ${c.profile}`, how: `profile ${c.profile}` };
  return { label: "default chain", how: "the default credential chain" };
}

export function credentialsCheck(config: AwsConfig, region: AwsRegionConfig, clock: Clock): { check: Check; close(): void } {
  const ms = config.monitor.callTimeoutMs;
  const options = { maxAttempts: MAX_ATTEMPTS, requestHandler: { connectionTimeout: ms, requestTimeout: ms, throwOnRequestTimeout: true } };
  const credentials = regionCredentials(region, options, clock);
  const client = new STSClient({ region: region.id, endpoint: region.endpoints?.sts, credentials, ...options });
  const { label, how } = describeSource(region);

  const check: Check = {
    service: "sts",
    name: `credentials (${label})`,
    timeoutMs: ms,
    async run(signal) {
      try {
        await untilAborted(credentials(), signal);
      } catch (err) {
        throw new UnresolvedCredentials(kindOf(err), `credentials did not resolve (${how}): ${messageOf(err)}`, { cause: err });
      }
      let output: unknown;
      try {
        output = await untilAborted(client.send(new GetCallerIdentityCommand({}), { abortSignal: signal }), signal);
      } catch (err) {
        throw new CheckFailure(kindOf(err), `STS GetCallerIdentity in ${region.id}: ${messageOf(err)}`, { cause: err });
      }
      const parsed = CallerIdentity.safeParse(output);
      if (!parsed.success) throw new CheckFailure("invalid_response", "STS GetCallerIdentity answered without Account and Arn");
      return `account ${parsed.data.Account}, ${parsed.data.Arn}`;
    },
  };
  return { check, close: () => client.destroy() };
}
