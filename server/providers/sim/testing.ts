import { manualClock } from "@/server/clock";
import { SimConfig } from "@/server/config/schema";
import { SimWorld, type SimWorldOptions } from "./world";

/** A fresh default sim config (us-east-1 primary, us-west-2 secondary), optionally with overrides. */
export function simConfig(overrides: Record<string, unknown> = {}): SimConfig {
  return SimConfig.parse({ mode: "sim", ...overrides });
}

/** A world on a manual clock that answers without simulated latency unless asked to. */
export function testWorld(options: SimWorldOptions = {}, config: SimConfig = simConfig()) {
  const clock = manualClock();
  const world = new SimWorld(config, clock, { seed: 7, operationDelayMs: 0, ...options });
  return { clock, world };
}

/** A signal nobody aborts. */
export function never(): AbortSignal {
  return new AbortController().signal;
}

/** Whether `promise` has settled once pending callbacks and a short wall-clock pause have run. */
export async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  await new Promise((resolve) => setTimeout(resolve, 5));
  return settled;
}

export const PRIMARY = "us-east-1";
export const SECONDARY = "us-west-2";
