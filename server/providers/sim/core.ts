import type { FaultBook } from "./faults";
import type { WorldState } from "./state";
import type { Topology } from "./topology";

/**
 * What every part of the world reads: the fixed topology, the mutable state, the drill switches and
 * the seed. The modules that model one AWS service each take it with the current clock time `t`
 * (epoch ms) and stay free of I/O.
 */
export interface WorldCore {
  readonly topology: Topology;
  readonly regionIds: readonly [string, string];
  readonly state: WorldState;
  readonly faults: FaultBook;
  readonly seed: number;
  /** Natural short lag spikes on/off (the lag-spike fault works either way). */
  readonly lagSpikes: boolean;
}

/** The region that is not the writer: the one replication flows into. */
export function secondaryOf(core: WorldCore): string {
  const [a, b] = core.regionIds;
  return core.state.writer === a ? b : a;
}

export function otherRegion(core: WorldCore, region: string): string {
  const [a, b] = core.regionIds;
  return region === a ? b : a;
}

/** The highest epoch any region's authority flag records: "the current epoch". */
export function currentEpoch(core: WorldCore): number {
  return Math.max(0, ...[...core.state.authority.values()].map((flag) => flag.epoch));
}
