import "server-only";

/**
 * Tools for operators of a real AWS deployment, run from the command line (scripts/doctor.ts,
 * scripts/iam-policy.ts). See README.md in this folder.
 */
export { doctor, runDoctor, type DoctorOptions, type DoctorOutcome, type DoctorReport } from "./doctor";
export { formatDoctorJson, formatDoctorTable, summaryLine } from "./doctor-format";
export { iamPolicies, policiesByKind, POLICY_KINDS, type CredentialSet, type IamPolicies, type PolicyKind } from "./iam-policy";
export { noteLines, policiesJson, policyBlocks } from "./iam-output";
export type { PolicyDocument, PolicyStatement } from "./iam-statements";
export { loadAwsConfig, type LoadedAwsConfig } from "./load";
export type { CheckRow } from "./run-checks";
