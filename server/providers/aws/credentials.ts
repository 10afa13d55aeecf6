import "server-only";
import { fromIni, fromNodeProviderChain, fromTemporaryCredentials } from "@aws-sdk/credential-providers";
import type { AwsRegionConfig } from "@/server/config";
import type { Clock } from "@/server/clock";

/**
 * Per-region credentials (DESIGN principle 7): each region brings its own identity, resolved
 * through that region's own partition, so one region's IAM or STS trouble cannot blind the other.
 *
 * - `{ roleArn, externalId?, sessionName? }` → STS AssumeRole, called in the region itself
 *   (the SDK's STS client uses the regional endpoint `sts.<region>.<partition domain>`; a role
 *   can only be assumed inside its own partition) or at `endpoints.sts` when overridden.
 * - `{ profile }` → the named profile from the shared config files; if that profile assumes a
 *   role, the STS call also goes to this region.
 * - `{ source: "default" }` → the SDK's default chain (environment, web identity, ECS, IMDS).
 */
export type CredentialProvider = ReturnType<typeof fromTemporaryCredentials>;
type Credentials = Awaited<ReturnType<CredentialProvider>>;

export interface StsOptions {
  maxAttempts: number;
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: boolean };
}

const DEFAULT_SESSION_NAME = "failover-console";
/** Refresh this long before expiry, so a call never starts with credentials about to lapse. */
const REFRESH_BEFORE_MS = 5 * 60_000;

export function regionCredentials(region: AwsRegionConfig, sts: StsOptions, clock: Clock): CredentialProvider {
  const clientConfig = { region: region.id, endpoint: region.endpoints?.sts, ...sts };
  const creds = region.credentials;
  if ("roleArn" in creds) {
    return memoize(
      fromTemporaryCredentials({
        params: { RoleArn: creds.roleArn, ExternalId: creds.externalId, RoleSessionName: creds.sessionName ?? DEFAULT_SESSION_NAME },
        clientConfig,
      }),
      clock,
    );
  }
  if ("profile" in creds) return memoize(fromIni({ profile: creds.profile, clientConfig }), clock);
  return memoize(fromNodeProviderChain({ clientConfig }), clock);
}

/**
 * One resolution shared by every client of the region (RDS, CloudWatch, S3…), instead of one
 * AssumeRole per client; concurrent callers wait on the same request. A failed resolution is
 * not cached, so the next poll tries again.
 */
function memoize(provider: CredentialProvider, clock: Clock): CredentialProvider {
  let current: Credentials | undefined;
  let pending: Promise<Credentials> | undefined;
  const fresh = (c: Credentials) => c.expiration === undefined || c.expiration.getTime() - clock.now().getTime() > REFRESH_BEFORE_MS;
  return (props) => {
    if (current && fresh(current)) return Promise.resolve(current);
    pending ??= provider(props)
      .then((c) => {
        current = c;
        return c;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
