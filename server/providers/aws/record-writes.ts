import "server-only";
import type { StoredRecord } from "./stores";

/** The vocabulary of a record write, shared by the stores' writers (store-writes.ts, parameter-writes.ts). */

/**
 * - `unchanged`: compare-and-set against what was read (S3 ETag, DynamoDB value, SSM Version — checked after the fact);
 * - `absent`: create only;
 * - `none`: last writer wins.
 */
export type Precondition = { kind: "none" } | { kind: "absent" } | { kind: "unchanged"; read: StoredRecord };

export interface RecordWrite {
  text: string;
  contentType: "application/json" | "text/plain";
  precondition: Precondition;
  /** The authority flag's epoch: DynamoDB also keeps it in a number attribute the condition compares. */
  epoch?: number;
}

/** The store refused the precondition: someone else wrote first. `current` is what it holds now, where known. */
export class ConditionFailed extends Error {
  constructor(
    readonly problem: string,
    readonly current: { text: string | null; epoch: number | null },
    options?: { cause?: unknown },
  ) {
    super(problem, options);
    this.name = "ConditionFailed";
  }
}

/** What a ConditionFailed says the store holds when it does not say. */
export const NOTHING: ConditionFailed["current"] = { text: null, epoch: null };
