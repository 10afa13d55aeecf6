import { z } from "zod";
import { NOTIFICATION_EVENTS, NotificationEventKind } from "@/lib/notifications";
import { SecureUrl } from "./fields";

/**
 * Notifications (issue 15 §5): where the console tells people what happened. Secrets — webhook
 * URLs (a Slack incoming-webhook URL is itself the credential), PagerDuty routing keys, HMAC keys —
 * are never written here: each destination names the environment variable that holds its secret.
 */
const EnvName = (example: string) =>
  z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, `expected the name of an environment variable holding the secret, like ${example} (never the secret itself)`);

/** Every kind but the admin's test, which goes to every destination whatever it subscribes to. */
const ALL_EVENTS = NOTIFICATION_EVENTS.filter((kind) => kind !== "test");

const common = {
  /** Shown in the delivery log; unique. */
  name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "letters, digits, . _ - (at most 64)"),
  events: z.array(NotificationEventKind).min(1, "name at least one event kind, or leave events out for all").default([...ALL_EVENTS]),
};

export const NotificationDestination = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ ...common, type: z.literal("slack"), urlEnv: EnvName("SLACK_WEBHOOK_URL") }),
    z.strictObject({
      ...common,
      type: z.literal("pagerduty"),
      routingKeyEnv: EnvName("PAGERDUTY_ROUTING_KEY"),
      /** The Events API v2 endpoint (an EU account uses events.eu.pagerduty.com). */
      eventsUrl: SecureUrl.default("https://events.pagerduty.com/v2/enqueue"),
    }),
    z.strictObject({ ...common, type: z.literal("webhook"), urlEnv: EnvName("CONSOLE_WEBHOOK_URL"), secretEnv: EnvName("CONSOLE_WEBHOOK_SECRET") }),
  ],
  { error: (issue) => (issue.code === "invalid_union" ? 'expected type "slack", "pagerduty" or "webhook"' : undefined) },
);
export type NotificationDestination = z.infer<typeof NotificationDestination>;

export const NotificationDelivery = z.strictObject({
  /** One request's limit: a slow receiver costs one slot this long, then the attempt is retried. */
  timeoutMs: z.int().min(100).max(60_000).default(5_000),
  /** How many requests are in flight at once, across destinations. */
  concurrency: z.int().min(1).max(64).default(8),
  maxAttempts: z.int().min(1).max(100).default(10),
  /** A delivery not made this long after its event is given up (a page about an hour-old proposal helps no one). */
  maxAgeMinutes: z.int().min(1).max(7 * 24 * 60).default(60),
  /** Backoff: base × 2^(attempt − 1), capped, with jitter (half to all of it). */
  backoffBaseMs: z.int().min(10).max(600_000).default(2_000),
  backoffMaxMs: z.int().min(10).max(3_600_000).default(300_000),
});
export type NotificationDelivery = z.infer<typeof NotificationDelivery>;

export const NotificationsConfig = z
  .strictObject({
    /** The console's address as people reach it, for links in messages (NEXTAUTH_URL when unset). */
    publicUrl: z.url({ protocol: /^https?$/, error: "expected the console's http(s) URL" }).optional(),
    destinations: z.array(NotificationDestination).default([]),
    delivery: NotificationDelivery.prefault({}),
  })
  .superRefine((config, ctx) => {
    config.destinations.forEach((d, i) => {
      const first = config.destinations.findIndex((other) => other.name === d.name);
      if (first !== i) ctx.addIssue({ code: "custom", path: ["destinations", i, "name"], message: `duplicate destination name "${d.name}" (destinations[${first}] has it too)` });
    });
  });
export type NotificationsConfig = z.infer<typeof NotificationsConfig>;
