import type { Migration } from "./types";

/**
 * Issue 15 §5, notifications: a durable outbox. The leader turns audit records (written in each
 * action's own transaction) into one delivery per destination, here; the unique (audit_seq,
 * destination) pair means a second replica, a restart or a re-read can never enqueue one twice.
 * How far the audit log has been read is the `notifications.cursor` setting, moved in the same
 * transaction as the rows it produced. `event` is the message as composed once, so every attempt
 * sends the same thing.
 */
export const notifications: Migration = {
  id: "0014_notifications",
  statements: [
    `CREATE TABLE notification_deliveries (
      id bigserial PRIMARY KEY,
      audit_seq bigint NOT NULL,
      destination text NOT NULL,
      kind text NOT NULL,
      event jsonb NOT NULL,
      status text NOT NULL,
      attempts integer NOT NULL DEFAULT 0,
      last_status integer,
      last_error text,
      event_at timestamptz(3) NOT NULL,
      next_attempt_at timestamptz(3) NOT NULL,
      claimed_at timestamptz(3),
      delivered_at timestamptz(3),
      created_at timestamptz(3) NOT NULL,
      updated_at timestamptz(3) NOT NULL,
      CONSTRAINT notification_deliveries_status CHECK (status IN ('pending', 'sending', 'delivered', 'gave_up'))
    )`,
    `CREATE UNIQUE INDEX notification_deliveries_once ON notification_deliveries (audit_seq, destination)`,
    `CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at)`,
    `CREATE INDEX notification_deliveries_created ON notification_deliveries (created_at)`,
  ],
};
