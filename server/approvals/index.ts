import "server-only";

export { approve, type ApproveArgs } from "./approve";
export { cancel, reject, type DecideArgs } from "./decide";
export { expireDue } from "./expire";
export { startExpirySweeper } from "./sweeper";
export { proposalHash, type ProposalContent } from "./hash";
export { DEFAULT_TTL_MINUTES, propose, type ProposeArgs } from "./propose";
export { REAUTH_MAX_AGE_MS, type Reauth } from "./reauth";
export { getProposal, listProposals } from "./rows";
export { approveNow, proposeNow, reauthOf } from "./requests";
