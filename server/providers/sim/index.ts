import "server-only";
import type { Clock } from "@/server/clock";
import type { SimConfig } from "@/server/config/schema";
import { SimWorld, type SimWorldOptions } from "./world";

/**
 * The simulated two-region world: the embedded default, the drill (game-day) mode and the world
 * the end-to-end tests run in. See README.md for what it models and what each fault does.
 */
export function createSimWorld(config: SimConfig, clock: Clock, options: SimWorldOptions = {}): SimWorld {
  return new SimWorld(config, clock, options);
}

export { SimWorld, DEFAULT_SEED, type SimWorldOptions, type WorldStore } from "./world";
export { WriteRejectedError } from "./errors";
export { SavedWorld } from "./persist";
export { route53Healthy, CHECKER_LOCATIONS } from "./health";
