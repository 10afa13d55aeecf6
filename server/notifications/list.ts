import "server-only";
import { desc } from "drizzle-orm";
import { DeliveryLog, type DestinationView } from "@/lib/notifications";
import { tables, type Db } from "@/server/db";
import { NotificationEvent } from "./event";

/** The newest deliveries and the configured destinations, for admins: no URL, key or secret is in either. */
export async function listDeliveries(db: Db, destinations: readonly DestinationView[], limit = 200): Promise<DeliveryLog> {
  const d = tables.notificationDeliveries;
  const rows = await db.select().from(d).orderBy(desc(d.id)).limit(limit);
  return DeliveryLog.parse({
    destinations,
    deliveries: rows.map((r) => {
      const event = NotificationEvent.safeParse(r.event);
      return {
        id: r.id,
        auditSeq: r.auditSeq,
        destination: r.destination,
        kind: r.kind,
        title: event.success ? event.data.title : r.kind,
        status: r.status,
        attempts: r.attempts,
        lastStatus: r.lastStatus,
        lastError: r.lastError,
        eventAt: r.eventAt.toISOString(),
        nextAttemptAt: r.status === "pending" ? r.nextAttemptAt.toISOString() : null,
        deliveredAt: r.deliveredAt?.toISOString() ?? null,
      };
    }),
  });
}
