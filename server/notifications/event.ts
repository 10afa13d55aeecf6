import "server-only";
import { z } from "zod";
import { NotificationEventKind } from "@/lib/notifications";

/**
 * One event as composed once, when the leader read its audit record; stored with each delivery so
 * every attempt (and every destination) says the same thing. Formats (formats.ts) build each
 * receiver's body from it.
 */
export const NotificationEvent = z.object({
  kind: NotificationEventKind,
  /** The audit record it reports (the id receivers may deduplicate by). */
  seq: z.number().int(),
  at: z.string(),
  title: z.string(),
  summary: z.string(),
  severity: z.enum(["info", "warning", "critical"]),
  /** What it is about; the PagerDuty dedup key is derived from it, so a trigger and its resolve share one. */
  subject: z.object({ type: z.enum(["proposal", "run", "incident", "finding", "test"]), id: z.string() }),
  /** The before → after it proposes or made (write region), when there is one. */
  change: z.object({ from: z.string().nullable(), to: z.string().nullable() }).nullable(),
  actor: z.string(),
  /** Absolute when the console's public URL is known, otherwise a path. */
  link: z.string(),
  /** PagerDuty: open (or update) the alert, or close it; null sends nothing to PagerDuty. */
  pager: z.enum(["trigger", "resolve"]).nullable(),
  details: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
});
export type NotificationEvent = z.infer<typeof NotificationEvent>;

export function dedupKey(event: Pick<NotificationEvent, "subject">): string {
  return `failover-console/${event.subject.type}/${event.subject.id}`;
}
