/**
 * Seeded randomness for the simulated world. Two kinds:
 * - `mulberry32(seed)`: a stream, for things that happen per call (API latency, throttling), so a
 *   test that makes the same calls in the same order sees the same outcomes;
 * - `noiseAt(seed, ...keys)`: a value that depends only on its keys, for things that are a function
 *   of time (lag, checker results), so reading the world twice at the same instant gives the same
 *   answer no matter how often or by how many pollers it is read.
 * Neither is for secrets.
 */

/** mulberry32: a tiny 32-bit PRNG with a good enough distribution for a simulation. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** FNV-1a over the keys' text: a stable 32-bit hash to derive seeds and made-up ids from. */
export function hash32(...keys: readonly (string | number)[]): number {
  const text = keys.join("\u241f");
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** A uniform value in [0, 1) fixed by its keys (seed first). */
export function noiseAt(seed: number, ...keys: readonly (string | number)[]): number {
  return mulberry32(hash32(seed, ...keys))();
}

/**
 * Value noise: a random value every `periodMs`, eased between neighbours (smoothstep), so the
 * result wanders smoothly with time instead of jumping each sample. In [0, 1).
 */
export function smoothNoise(seed: number, channel: string, tMs: number, periodMs: number): number {
  const k = Math.floor(tMs / periodMs);
  const f = tMs / periodMs - k;
  const eased = f * f * (3 - 2 * f);
  const a = noiseAt(seed, channel, k);
  const b = noiseAt(seed, channel, k + 1);
  return a + (b - a) * eased;
}

/** A made-up id shaped like a UUID (Route 53 health check ids are UUIDs), stable for its keys. */
export function uuidFrom(...keys: readonly (string | number)[]): string {
  const hex = [0, 1, 2, 3].map((i) => hash32(i, ...keys).toString(16).padStart(8, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `length` hex characters, stable for its keys (ARC control panel ids are 32 hex characters). */
export function hexFrom(length: number, ...keys: readonly (string | number)[]): string {
  let out = "";
  for (let i = 0; out.length < length; i++) out += hash32(i, ...keys).toString(16).padStart(8, "0");
  return out.slice(0, length);
}
