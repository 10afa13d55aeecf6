import "server-only";

export { Deposed, soleDriver, type Fence, type Term } from "./fence";
export { expireLease, readLease, type LeaseRow } from "./lease";
export { Leadership, otherReplicas, unfenced, type LeaderWrite, type LeadershipDeps, type LeadershipView } from "./leadership";
