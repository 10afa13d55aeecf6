import "server-only";
import type { AwsConfig } from "@/server/config";
import { POLICY_KINDS, type PolicyDocument, type PolicyKind } from "./iam-statements";

/** What the printed policies cannot say themselves, for stderr: trust policies, KMS keys, S3's answer for a missing object, size. */

/** A managed policy may hold 6,144 characters, not counting whitespace. */
const MANAGED_POLICY_LIMIT = 6144;

function trustNotes(config: AwsConfig): string[] {
  return config.regions.flatMap((region) =>
    "roleArn" in region.credentials
      ? [
          `${region.id}: the trust policy of ${region.credentials.roleArn} must allow the console's own identity to call sts:AssumeRole${
            region.credentials.externalId ? " with the configured externalId (condition sts:ExternalId)" : ""
          }.`,
        ]
      : [],
  );
}

function storeNotes(config: AwsConfig): string[] {
  const stores = new Set(config.regions.flatMap((r) => [r.authorityFlag.store, r.appRole.store]));
  const notes: string[] = [];
  if (stores.has("s3")) {
    notes.push("S3 answers AccessDenied, not NoSuchKey, for a missing object unless s3:ListBucket is granted; the policies leave it out, so a missing flag object shows as access denied.");
  }
  // The key is not in the config, so it cannot be granted here; saying so beats a runbook failing mid-fence.
  notes.push(
    "A SecureString parameter, or an S3 object or DynamoDB table encrypted with a customer managed KMS key, also needs kms:Decrypt on that key (and for the runbook's writes kms:Encrypt for SSM, kms:GenerateDataKey for S3).",
  );
  return notes;
}

function sizeNotes(sets: readonly { credentials: { key: string }; policies: Record<PolicyKind, PolicyDocument> }[]): string[] {
  return sets.flatMap(({ credentials, policies }) =>
    POLICY_KINDS.filter((kind) => JSON.stringify(policies[kind]).replace(/\s/g, "").length > MANAGED_POLICY_LIMIT).map(
      (kind) => `${credentials.key}: the ${kind} policy is longer than a managed policy may be (${MANAGED_POLICY_LIMIT} characters); attach it inline or split it.`,
    ),
  );
}

export function policyNotes(config: AwsConfig, sets: Parameters<typeof sizeNotes>[0]): string[] {
  return [
    ...trustNotes(config),
    ...storeNotes(config),
    ...sizeNotes(sets),
    "sts:GetCallerIdentity, which npm run doctor calls first, needs no permission.",
  ];
}
