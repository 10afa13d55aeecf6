import "server-only";
import type { DestinationView, NotificationEventKind } from "@/lib/notifications";
import type { NotificationDestination } from "@/server/config";
import { secretFromEnv } from "@/server/env";

/** A destination with its secret read from the environment: lives in memory only, never logged or stored. */
export type Destination =
  | { name: string; type: "slack"; events: readonly NotificationEventKind[]; url: string }
  | { name: string; type: "pagerduty"; events: readonly NotificationEventKind[]; url: string; routingKey: string }
  | { name: string; type: "webhook"; events: readonly NotificationEventKind[]; url: string; secret: string };

export interface Resolved {
  ready: Destination[];
  /** What admins see, the missing variable named (its value never). */
  views: DestinationView[];
}

type Lookup = (name: string) => string | undefined;

/** Reads each destination's secrets from the environment; one whose variable is unset is listed, not used. */
export function resolveDestinations(config: readonly NotificationDestination[], lookup: Lookup = secretFromEnv): Resolved {
  const ready: Destination[] = [];
  const views: DestinationView[] = [];
  for (const d of config) {
    const resolved = resolveOne(d, lookup);
    if (typeof resolved === "string") {
      views.push({ name: d.name, type: d.type, events: d.events, ready: false, problem: resolved });
    } else {
      ready.push(resolved);
      views.push({ name: d.name, type: d.type, events: d.events, ready: true, problem: null });
    }
  }
  return { ready, views };
}

function resolveOne(d: NotificationDestination, lookup: Lookup): Destination | string {
  const missing = (name: string) => `environment variable ${name} is not set`;
  switch (d.type) {
    case "slack": {
      const url = lookup(d.urlEnv);
      if (!url) return missing(d.urlEnv);
      if (!isHttpUrl(url)) return `${d.urlEnv} is not an http(s) URL`;
      return { name: d.name, type: "slack", events: d.events, url };
    }
    case "pagerduty": {
      const routingKey = lookup(d.routingKeyEnv);
      if (!routingKey) return missing(d.routingKeyEnv);
      return { name: d.name, type: "pagerduty", events: d.events, url: d.eventsUrl, routingKey };
    }
    case "webhook": {
      const url = lookup(d.urlEnv);
      const secret = lookup(d.secretEnv);
      if (!url) return missing(d.urlEnv);
      if (!isHttpUrl(url)) return `${d.urlEnv} is not an http(s) URL`;
      if (!secret) return missing(d.secretEnv);
      if (secret.length < 32) return `${d.secretEnv} must be at least 32 characters`;
      return { name: d.name, type: "webhook", events: d.events, url, secret };
    }
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

/** What each closing kind closes: a destination that was told something opened is told it closed (PagerDuty's resolve). */
const CLOSES: Partial<Record<NotificationEventKind, readonly NotificationEventKind[]>> = {
  "proposal.approved": ["proposal.pending"],
  "proposal.rejected": ["proposal.pending"],
  "proposal.expired": ["proposal.pending"],
  "run.finished": ["run.step_failed"],
  "incident.closed": ["incident.opened"],
  "finding.critical_cleared": ["finding.critical_held"],
};

/**
 * The admin's test goes everywhere; every other kind to the destinations that name it, or that
 * name what it closes — so an alert a destination raised is always resolved there.
 */
export function wants(d: Pick<Destination, "events">, kind: NotificationEventKind): boolean {
  return kind === "test" || d.events.includes(kind) || (CLOSES[kind] ?? []).some((opened) => d.events.includes(opened));
}
