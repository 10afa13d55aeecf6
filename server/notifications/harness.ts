import { eq } from "drizzle-orm";
import { systemClock } from "@/server/clock";
import type { NotificationDelivery } from "@/server/config";
import { tables, type Db, type Store } from "@/server/db";
import { soleDriver, type Fence } from "@/server/leader";
import type { Destination } from "./destinations";
import { Notifier } from "./notifier";
import { FAST } from "./testing";

export const PUBLIC_URL = "https://console.example.com";
export const HMAC_KEY = "k".repeat(40);

/** A started notifier on `store` (the leader unless a fence says otherwise), stopped by the caller. */
export async function startNotifier(store: Store, destinations: Destination[], options: { fence?: Fence; policy?: Partial<NotificationDelivery>; pollMs?: number } = {}): Promise<Notifier> {
  const notifier = new Notifier({
    db: store.db,
    clock: systemClock,
    fence: options.fence ?? soleDriver(),
    destinations,
    publicUrl: PUBLIC_URL,
    policy: { ...FAST, ...options.policy },
    store,
    pollMs: options.pollMs ?? 200,
  });
  await notifier.start();
  // The first pass sets the cursor at the head: only what happens from here on is sent.
  await notifier.idle();
  return notifier;
}

export const slack = (url: string, events?: Destination["events"]): Destination => ({ name: "chat", type: "slack", url, events: events ?? ALL });
export const pager = (url: string): Destination => ({ name: "pager", type: "pagerduty", url, routingKey: "R0UT1NGKEY", events: ALL });
export const hook = (url: string): Destination => ({ name: "hook", type: "webhook", url, secret: HMAC_KEY, events: ALL });
const ALL = ["proposal.pending", "proposal.approved", "proposal.rejected", "proposal.expired", "run.step_failed", "run.finished", "incident.opened", "incident.closed", "finding.critical_held", "finding.critical_cleared"] as const;

export async function deliveries(db: Db, destination?: string) {
  const d = tables.notificationDeliveries;
  const q = db.select().from(d);
  return (destination ? q.where(eq(d.destination, destination)) : q).orderBy(d.id);
}
