import "server-only";

export { approveAccessChange, type ApprovedAccess } from "./approve";
export { decideAccessChange } from "./decide";
export { proposeAccessChange } from "./propose";
export { expireAccessChanges, listAccessChanges } from "./rows";
export { approveAccessNow, proposeAccessNow } from "./requests";
