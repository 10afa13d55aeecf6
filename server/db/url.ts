/**
 * DATABASE_URL in libpq's URI form, with several hosts:
 *   postgres://user:pw@host1:5432,host2:5433/db?target_session_attrs=read-write
 * node-postgres reads one host only, so the console walks the hosts itself (./hosts.ts); every
 * other parameter (sslmode, application_name, …) is handed to node-postgres unchanged, per host.
 */

/** libpq's values (PostgreSQL 14+). */
export const SESSION_ATTRS = ["any", "read-write", "read-only", "primary", "standby", "prefer-standby"] as const;
export type SessionAttrs = (typeof SESSION_ATTRS)[number];

export interface HostPort {
  host: string;
  port: number;
}

export interface DatabaseUrl {
  hosts: HostPort[];
  /** Which server to keep: `read-write` (or `primary`) checks each connection is the writable one. */
  targetSessionAttrs: SessionAttrs;
  /** libpq's connect_timeout, per host, in milliseconds; null when the URL does not set it. */
  connectTimeoutMs: number | null;
  /** A single-host URL for `host`, with every other part of the original (for node-postgres). */
  urlFor(host: HostPort): string;
  /** The URL with its password replaced by ***, for logs. */
  redacted: string;
}

export class DatabaseUrlError extends Error {
  constructor(name: string, problem: string) {
    super(`${name}: ${problem}`);
    this.name = "DatabaseUrlError";
  }
}

const SHAPE = /^(postgres(?:ql)?):\/\/(?:([^@/?#]*)@)?([^/?#]*)(\/[^?#]*)?(?:\?([^#]*))?$/;
// The parameters the console interprets itself; node-postgres would ignore or misread them.
const OWN_PARAMS = new Set(["target_session_attrs", "connect_timeout"]);

/**
 * Parses a connection URL; `name` (DATABASE_URL, DATABASE_OWNER_URL) goes into every error, and
 * no error repeats the URL (it holds a password). The console writes, so a URL that asks for a
 * standby is refused, and a URL listing several hosts must say how to choose the writable one.
 */
export function parseDatabaseUrl(url: string, name = "DATABASE_URL"): DatabaseUrl {
  const m = SHAPE.exec(url.trim());
  if (!m) throw new DatabaseUrlError(name, "expected postgres://user:password@host[:port][,host[:port]…]/database[?parameters]");
  const [, scheme, userinfo, authority = "", path = "", query = ""] = m;
  const hosts = authority === "" ? [] : authority.split(",").map((h) => hostPort(h, name));
  if (hosts.length === 0) throw new DatabaseUrlError(name, "names no host");

  const params = new URLSearchParams(query);
  const attrs = params.get("target_session_attrs") ?? "any";
  if (!isSessionAttrs(attrs)) throw new DatabaseUrlError(name, `target_session_attrs=${attrs} is not one of ${SESSION_ATTRS.join(", ")}`);
  if (attrs === "read-only" || attrs === "standby" || attrs === "prefer-standby") {
    throw new DatabaseUrlError(name, `target_session_attrs=${attrs} would connect to a standby, where the console cannot write: use read-write`);
  }
  if (hosts.length > 1 && attrs === "any") {
    throw new DatabaseUrlError(name, `lists ${hosts.length} hosts: add target_session_attrs=read-write so the console connects to the writable one (libpq's default, any, takes the first that answers, which may be a standby)`);
  }
  const timeout = params.get("connect_timeout");
  let connectTimeoutMs: number | null = null;
  if (timeout !== null) {
    const seconds = Number(timeout);
    if (!Number.isInteger(seconds) || seconds < 0) throw new DatabaseUrlError(name, `connect_timeout=${timeout} is not a whole number of seconds`);
    // libpq: 0 means wait indefinitely; 1 is taken as 2.
    connectTimeoutMs = seconds === 0 ? null : Math.max(seconds, 2) * 1000;
  }

  const rest = new URLSearchParams([...params].filter(([k]) => !OWN_PARAMS.has(k))).toString();
  const prefix = `${scheme}://${userinfo === undefined ? "" : `${userinfo}@`}`;
  const suffix = `${path}${rest ? `?${rest}` : ""}`;
  const show = (h: HostPort) => (h.host.includes(":") ? `[${h.host}]:${h.port}` : `${h.host}:${h.port}`);
  const redactedUserinfo = userinfo === undefined ? "" : `${userinfo.replace(/:.*$/, (pw) => (pw.length > 1 ? ":***" : pw))}@`;
  return {
    hosts,
    targetSessionAttrs: attrs,
    connectTimeoutMs,
    urlFor: (h) => `${prefix}${show(h)}${suffix}`,
    redacted: `${scheme}://${redactedUserinfo}${hosts.map(show).join(",")}${path}${query ? `?${query}` : ""}`,
  };
}

function isSessionAttrs(value: string): value is SessionAttrs {
  return (SESSION_ATTRS as readonly string[]).includes(value);
}

function hostPort(text: string, name: string): HostPort {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]*))(?::(\d*))?$/.exec(text);
  const host = m ? decodeURIComponent(m[1] ?? m[2] ?? "") : "";
  if (!m || host === "") throw new DatabaseUrlError(name, `"${text}" is not host[:port]`);
  const port = m[3] ? Number(m[3]) : 5432;
  if (!(port >= 1 && port <= 65535)) throw new DatabaseUrlError(name, `port ${m[3]} of ${host} is out of range`);
  return { host, port };
}

/** For logs: the URL without its password; never throws. */
export function redactUrl(url: string, name = "DATABASE_URL"): string {
  try {
    return parseDatabaseUrl(url, name).redacted;
  } catch {
    return `(unparseable ${name})`;
  }
}
