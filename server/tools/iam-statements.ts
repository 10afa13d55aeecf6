import "server-only";

/** IAM policy documents, and the merging that keeps them small: one statement per purpose, not per resource. */

/** read-only: what the monitor and the doctor call; runbook: that plus the failover runbooks' writes. */
export const POLICY_KINDS = ["read-only", "runbook"] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

/** Condition operator → key → values, e.g. `{ "ForAllValues:StringEquals": { "dynamodb:LeadingKeys": ["authority"] } }`. */
export type PolicyCondition = Record<string, Record<string, string[]>>;

export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: string[];
  Condition?: PolicyCondition;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

/** One purpose's actions on its resources. Grants with the same `key` merge into one statement. */
export interface Grant {
  key: string;
  sid: string;
  actions: string[];
  resources: string[];
  condition?: PolicyCondition;
}

export function statement(sid: string, actions: string[], resources: string[], opts: { key?: string; condition?: PolicyCondition } = {}): Grant {
  return { key: opts.key ?? sid, sid, actions, resources, ...(opts.condition ? { condition: opts.condition } : {}) };
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];

function mergeCondition(a: PolicyCondition | undefined, b: PolicyCondition | undefined): PolicyCondition | undefined {
  if (!a || !b) return a ?? b;
  const out: PolicyCondition = structuredClone(a);
  for (const [operator, keys] of Object.entries(b)) {
    const target = (out[operator] ??= {});
    for (const [key, values] of Object.entries(keys)) target[key] = union(target[key] ?? [], values);
  }
  return out;
}

/**
 * Merges grants by key, in first-seen order. A grant left with no resource is dropped (IAM
 * refuses an empty Resource), and Sids that repeat (one statement per DynamoDB table, each with
 * its own key condition) are numbered so every Sid stays unique.
 */
export function mergeGrants(grants: readonly Grant[]): PolicyDocument {
  const merged = new Map<string, Grant>();
  for (const g of grants) {
    const existing = merged.get(g.key);
    if (!existing) {
      merged.set(g.key, { ...g, actions: [...g.actions], resources: [...g.resources] });
      continue;
    }
    const condition = mergeCondition(existing.condition, g.condition);
    merged.set(g.key, {
      ...existing,
      actions: union(existing.actions, g.actions),
      resources: union(existing.resources, g.resources),
      ...(condition ? { condition } : {}),
    });
  }
  const kept = [...merged.values()].filter((g) => g.resources.length > 0 && g.actions.length > 0);
  const total = new Map<string, number>();
  for (const g of kept) total.set(g.sid, (total.get(g.sid) ?? 0) + 1);
  const seen = new Map<string, number>();
  const Statement = kept.map((g): PolicyStatement => {
    const n = (seen.get(g.sid) ?? 0) + 1;
    seen.set(g.sid, n);
    const Sid = (total.get(g.sid) ?? 1) > 1 ? `${g.sid}${n}` : g.sid;
    return { Sid, Effect: "Allow", Action: g.actions, Resource: g.resources, ...(g.condition ? { Condition: g.condition } : {}) };
  });
  return { Version: "2012-10-17", Statement };
}
