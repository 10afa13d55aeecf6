import "server-only";
import type { Destination } from "./destinations";
import { dedupKey, type NotificationEvent } from "./event";
import { sign } from "./sign";

export interface OutgoingRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** What one destination is sent for one event, or null when it has nothing to say (PagerDuty and a non-paging event). */
export function requestFor(d: Destination, event: NotificationEvent, delivery: { id: number; nowMs: number }): OutgoingRequest | null {
  const json = { "content-type": "application/json", "user-agent": "failover-console" };
  switch (d.type) {
    case "slack":
      return { url: d.url, headers: json, body: JSON.stringify(slackMessage(event)) };
    case "pagerduty": {
      const body = pagerDutyEvent(event, d.routingKey);
      return body ? { url: d.url, headers: json, body: JSON.stringify(body) } : null;
    }
    case "webhook": {
      const body = JSON.stringify({ id: `${event.seq}`, delivery: delivery.id, ...event });
      // Signed per attempt: the timestamp is when this request left, so a retry an hour later still verifies.
      const timestamp = Math.floor(delivery.nowMs / 1000);
      return {
        url: d.url,
        headers: { ...json, "x-console-event": event.kind, "x-console-delivery": String(delivery.id), "x-console-timestamp": String(timestamp), "x-console-signature": sign(d.secret, timestamp, body) },
        body,
      };
    }
  }
}

const ICON = { info: "ℹ️", warning: "⚠️", critical: "🚨" } as const;

/** Slack Block Kit (incoming webhooks; Mattermost and others accept the same): `text` is the notification's fallback. */
export function slackMessage(event: NotificationEvent) {
  const fields = [
    ...(event.change ? [{ type: "mrkdwn", text: `*Writes*\n${event.change.from ?? "?"} → ${event.change.to ?? "?"}` }] : []),
    { type: "mrkdwn", text: `*By*\n${escapeSlack(event.actor)}` },
  ];
  return {
    text: `${ICON[event.severity]} ${event.title}: ${event.summary}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: `${ICON[event.severity]} ${event.title}`.slice(0, 150) } },
      { type: "section", text: { type: "mrkdwn", text: escapeSlack(event.summary) }, fields },
      { type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: `Open ${event.subject.type}` }, url: event.link }] },
      { type: "context", elements: [{ type: "mrkdwn", text: `<${event.link}|${event.subject.type} ${event.subject.id}> · ${event.at} · audit #${event.seq}` }] },
    ],
  };
}

/** Slack's mrkdwn treats & < > as markup; a reason typed by a person must not become a link. */
function escapeSlack(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * PagerDuty Events API v2. One dedup key per proposal, run, incident or finding: a trigger opens
 * (or updates) one alert, and the resolve that ends it uses the same key.
 */
export function pagerDutyEvent(event: NotificationEvent, routingKey: string) {
  if (!event.pager) return null;
  const base = { routing_key: routingKey, dedup_key: dedupKey(event), event_action: event.pager };
  if (event.pager === "resolve") return base;
  return {
    ...base,
    payload: {
      summary: `${event.title}: ${event.summary}`.slice(0, 1024),
      source: "failover-console",
      severity: event.severity === "critical" ? "critical" : event.severity === "warning" ? "warning" : "info",
      timestamp: event.at,
      component: event.subject.type,
      custom_details: { ...event.details, ...(event.change ? { writes: `${event.change.from ?? "?"} → ${event.change.to ?? "?"}` } : {}), audit_seq: event.seq },
    },
    links: [{ href: event.link, text: `Open ${event.subject.type} in the console` }],
  };
}
