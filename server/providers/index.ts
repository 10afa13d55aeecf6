import "server-only";
import type { Clock, WorldClock } from "@/server/clock";
import type { ConsoleConfig } from "@/server/config";
import type { FaultControl, RegionProvider } from "./port";
import { createSimWorld, type SavedWorld, type SimWorld, type WorldStore } from "./sim";

export { ProviderError, WriteRejectedError, type AuthorityWrite, type FaultControl, type RegionProvider, type RegionReader, type RegionWriter, type RoutingUpdate, type RoutingUpdateOptions, type SafetyRuleView } from "./port";

/** What the simulated world needs from the console: its own clock, and where its state is kept (shared by every console on the store). */
export interface SimWorldDeps {
  worldClock: WorldClock;
  saved: SavedWorld | null;
  store: WorldStore;
}

/**
 * The provider the config asks for: the simulated world (with drill controls) on its own clock
 * and saved state, or real AWS on the console's clock.
 */
export async function createProvider(config: ConsoleConfig, clock: Clock, sim?: SimWorldDeps): Promise<{ provider: RegionProvider; faults: FaultControl | null; world: SimWorld | null }> {
  if (config.mode === "sim") {
    const world = createSimWorld(config, sim?.worldClock ?? clock, { saved: sim?.saved, store: sim?.store });
    return { provider: world, faults: world, world };
  }
  // Loaded in aws mode only: the SDK's clients hold ~40 MB resident that a simulated world never uses.
  const { createAwsProvider } = await import("./aws");
  return { provider: createAwsProvider(config, { clock }), faults: null, world: null };
}
