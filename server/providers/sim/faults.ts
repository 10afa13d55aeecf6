import { FAULTS, type FaultKind, type FaultState } from "@/lib/snapshot";

/**
 * The drill switches: each fault on or off per region, with when it last changed. The times
 * matter: lag grows with the time since replication stopped, and Route 53's checkers report
 * failures from the moment a region went dark.
 */
interface FaultRecord {
  active: boolean;
  /** When the current activation began (clock ms); null while off. */
  since: number | null;
  /** The last completed activation, kept so recovery (lag catch-up, resync) can be timed from its end. */
  last: { from: number; to: number } | null;
}

export interface SavedFault extends FaultRecord {
  region: string;
  fault: FaultKind;
}

export class FaultBook {
  private readonly records = new Map<string, FaultRecord>();

  constructor(private readonly regions: readonly string[]) {
    for (const region of regions) for (const fault of FAULTS) this.records.set(key(region, fault), { active: false, since: null, last: null });
  }

  /** Throws a plain Error naming the valid regions: a drill aimed at a region that does not exist is a caller bug. */
  assertRegion(region: string): void {
    if (!this.regions.includes(region)) throw new Error(`unknown region "${region}": expected one of ${this.regions.join(", ")}`);
  }

  /** Returns true when the flag actually changed (turning on what is on keeps its start time). */
  set(region: string, fault: FaultKind, active: boolean, now: number): boolean {
    this.assertRegion(region);
    if (!(FAULTS as readonly string[]).includes(fault)) throw new Error(`unknown fault "${fault}": expected one of ${FAULTS.join(", ")}`);
    const record = this.record(region, fault);
    if (record.active === active) return false;
    if (active) {
      record.active = true;
      record.since = now;
    } else {
      record.last = { from: record.since ?? now, to: now };
      record.active = false;
      record.since = null;
    }
    return true;
  }

  isActive(region: string, fault: FaultKind): boolean {
    return this.records.get(key(region, fault))?.active ?? false;
  }

  /** Whether `fault` is on in any region (a lag spike slows the link whichever end it is raised on). */
  anyActive(fault: FaultKind): boolean {
    return this.regions.some((region) => this.isActive(region, fault));
  }

  since(region: string, fault: FaultKind): number | null {
    return this.records.get(key(region, fault))?.since ?? null;
  }

  lastEnded(region: string, fault: FaultKind): { from: number; to: number } | null {
    return this.records.get(key(region, fault))?.last ?? null;
  }

  /** Every record, for the world's saved state. */
  saved(): SavedFault[] {
    return this.regions.flatMap((region) => FAULTS.map((fault) => ({ region, fault, ...this.record(region, fault) })));
  }

  /** Puts back saved records (unknown regions or faults are ignored: the config may have changed). */
  restore(saved: readonly SavedFault[]): void {
    for (const { region, fault, active, since, last } of saved) {
      if (this.records.has(key(region, fault))) this.records.set(key(region, fault), { active, since, last });
    }
  }

  /** Every (region, fault) pair, regions in config order, faults in FAULTS order. */
  list(): FaultState[] {
    return this.regions.flatMap((region) => FAULTS.map((fault) => ({ region, fault, active: this.isActive(region, fault) })));
  }

  private record(region: string, fault: FaultKind): FaultRecord {
    const found = this.records.get(key(region, fault));
    if (found === undefined) throw new Error(`no fault record for ${region}/${fault}`);
    return found;
  }
}

function key(region: string, fault: FaultKind): string {
  return `${region}\u0000${fault}`;
}
