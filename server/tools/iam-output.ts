import "server-only";
import { POLICY_KINDS, policiesByKind, type IamPolicies } from "./iam-policy";

/** How `npm run iam-policy` prints the documents: one JSON object, or one document per block. */

/** `{ "read-only": { <regions>: document }, "runbook": { … } }`, valid JSON as a whole. */
export function policiesJson(policies: IamPolicies): string {
  return `${JSON.stringify(policiesByKind(policies), null, 2)}\n`;
}

/** One block per document: a `#` header line (for stderr) and the document itself (for stdout). */
export function policyBlocks(policies: IamPolicies): { header: string; document: string }[] {
  return POLICY_KINDS.flatMap((kind) =>
    policies.sets.map(({ credentials: c, policies: docs }) => ({
      header: `# ${kind} policy for ${c.regions.join(" and ")}: ${c.identity} (partition ${c.partition}, account ${c.accounts.join(", ")})`,
      document: `${JSON.stringify(docs[kind], null, 2)}\n`,
    })),
  );
}

export function noteLines(policies: IamPolicies): string {
  return policies.notes.map((note) => `note: ${note}\n`).join("");
}
