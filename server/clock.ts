import "server-only";

/**
 * Time is injected so domain logic is deterministic under test and follows the sim's clock in
 * drills. `sleep` is in the clock's own time: on a sim clock running at speed 10, a 1 s sleep
 * takes 100 ms of wall time.
 */
export interface Clock {
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function wallSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

export const systemClock: Clock = { now: () => new Date(), sleep: wallSleep };

/**
 * The simulated world's clock (DESIGN invariant 14: only the simulated world runs at the sim's
 * speed factor; the console's own clock is the wall's). World time runs `speed` times faster than
 * the wall from `anchor` on; `toWall` maps a world instant back onto the wall's timeline, so the
 * timestamps the world hands the console (a CloudWatch datapoint, a checker report) are
 * comparable with the console's own clock.
 */
export interface WorldClock extends Clock {
  toWall(worldMs: number): number;
}

/** A world clock that can take over another console's mapping of world time onto the wall's (a shared simulated world). */
export interface AnchoredClock extends WorldClock {
  /** From now on, world instant `worldMs` is wall instant `wallMs`; the speed stays. */
  anchor(worldMs: number, wallMs: number): void;
}

/** A world clock at `speed`; `anchor` says which world instant the wall instant `wallMs` is (default: the same, now). */
export function scaledClock(speed: number, wallNow: () => number = Date.now, anchor?: { worldMs: number; wallMs: number }): AnchoredClock {
  if (!(speed > 0)) throw new Error(`clock speed must be positive, got ${speed}`);
  let wallStart = anchor?.wallMs ?? wallNow();
  let worldStart = anchor?.worldMs ?? wallStart;
  return {
    now: () => new Date(worldStart + (wallNow() - wallStart) * speed),
    sleep: (ms, signal) => wallSleep(ms / speed, signal),
    toWall: (worldMs) => wallStart + (worldMs - worldStart) / speed,
    anchor: (worldMs, wallMs) => {
      worldStart = worldMs;
      wallStart = wallMs;
    },
  };
}

/** A clock used as a world clock on the console's own timeline (tests, where one clock drives both). */
export function sameTimeline(clock: Clock): WorldClock {
  return { now: () => clock.now(), sleep: (ms, signal) => clock.sleep(ms, signal), toWall: (worldMs) => worldMs };
}

/** A clock tests move by hand; `sleep` resolves when `advance` passes its deadline. */
export function manualClock(start = new Date("2026-01-01T00:00:00.000Z")): Clock & { advance(ms: number): void } {
  let t = start.getTime();
  const sleepers: { until: number; resolve: () => void }[] = [];
  return {
    now: () => new Date(t),
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          const i = sleepers.indexOf(entry);
          if (i >= 0) sleepers.splice(i, 1);
          reject(signal?.reason);
        };
        const entry = {
          until: t + ms,
          resolve: () => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
          },
        };
        sleepers.push(entry);
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
    advance(ms) {
      t += ms;
      for (const s of sleepers.filter((x) => x.until <= t)) {
        sleepers.splice(sleepers.indexOf(s), 1);
        s.resolve();
      }
    },
  };
}
