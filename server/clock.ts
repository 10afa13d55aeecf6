import "server-only";

/** Time is injected so domain logic is deterministic under test and follows the sim's clock in drills. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock tests move by hand. */
export function manualClock(start = new Date("2026-01-01T00:00:00.000Z")): Clock & { advance(ms: number): void } {
  let t = start.getTime();
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}
