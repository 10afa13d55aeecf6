import "server-only";
import type { Clock } from "@/server/clock";
import type { ConsoleConfig } from "@/server/config";
import { createAwsProvider } from "./aws";
import type { FaultControl, RegionProvider } from "./port";
import { createSimWorld } from "./sim";

export { ProviderError, WriteRejectedError, type AuthorityWrite, type FaultControl, type RegionProvider, type RegionReader, type RegionWriter, type RoutingUpdate, type RoutingUpdateOptions, type SafetyRuleView } from "./port";

/** The provider the config asks for: the simulated world (with drill controls) or real AWS. */
export function createProvider(config: ConsoleConfig, clock: Clock): { provider: RegionProvider; faults: FaultControl | null } {
  if (config.mode === "sim") {
    const world = createSimWorld(config, clock);
    return { provider: world, faults: world };
  }
  return { provider: createAwsProvider(config, { clock }), faults: null };
}
