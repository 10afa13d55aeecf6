import { z } from "zod";

/**
 * What the console tells people about (issue 15 §5). Each kind is one audit record (or one kind
 * of it): the config names kinds per destination, the delivery log shows them.
 */
export const NOTIFICATION_EVENTS = [
  "proposal.pending",
  "proposal.approved",
  "proposal.rejected",
  "proposal.expired",
  "run.step_failed",
  "run.finished",
  "incident.opened",
  "incident.closed",
  "finding.critical_held",
  "finding.critical_cleared",
  "test",
] as const;
export const NotificationEventKind = z.enum(NOTIFICATION_EVENTS);
export type NotificationEventKind = z.infer<typeof NotificationEventKind>;

export const DESTINATION_TYPES = ["slack", "pagerduty", "webhook"] as const;
export const DestinationType = z.enum(DESTINATION_TYPES);
export type DestinationType = z.infer<typeof DestinationType>;

export const DELIVERY_STATUSES = ["pending", "sending", "delivered", "gave_up"] as const;
export const DeliveryStatus = z.enum(DELIVERY_STATUSES);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** One row of the delivery log as admins see it: never a URL, key or secret. */
export const DeliveryView = z.object({
  id: z.number().int(),
  auditSeq: z.number().int(),
  destination: z.string(),
  kind: NotificationEventKind,
  title: z.string(),
  status: DeliveryStatus,
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().nullable(),
  eventAt: z.string(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type DeliveryView = z.infer<typeof DeliveryView>;

/** A configured destination as admins see it: whether its secret is present, never the secret. */
export const DestinationView = z.object({
  name: z.string(),
  type: DestinationType,
  events: z.array(NotificationEventKind),
  ready: z.boolean(),
  problem: z.string().nullable(),
});
export type DestinationView = z.infer<typeof DestinationView>;

export const DeliveryLog = z.object({ destinations: z.array(DestinationView), deliveries: z.array(DeliveryView) });
export type DeliveryLog = z.infer<typeof DeliveryLog>;
