import "server-only";
import type { AwsConfig } from "@/server/config";
import type { AwsProvider } from "@/server/providers/aws";
import type { AwsClients } from "@/server/providers/aws/clients";

/**
 * What the doctor's checks call through: the provider's public reads where they exist (so a
 * pass means the monitor's own read works), and the provider's client factory for the calls it
 * makes per resource, which the provider's reads batch or hide behind a fallback.
 */
export interface CheckDeps {
  config: AwsConfig;
  provider: AwsProvider;
  clients: AwsClients;
  /** Orders the ARC cluster endpoints, as the provider does. */
  random: () => number;
  now: () => Date;
}
