import "server-only";
import { BlockList, isIP } from "node:net";
import type { TrustProxy } from "@/server/config";

/**
 * Who the client is when proxies stand in front of the console (`auth.trustProxy`). Each proxy
 * appends the address it received the request from to X-Forwarded-For, so the list reads
 * left to right from the client towards the console, and only its right end was written by
 * proxies the operator runs: the leftmost entry is whatever the client chose to send. The
 * address matters — the login limiter counts failures per address and the audit log records it.
 *
 * The hops nearest the console are walked from the right — the TCP peer first, then the entries
 * right to left — for as long as the hop is trusted; the first untrusted one is the client. When
 * every hop is trusted, the leftmost is all there is. An entry that is not an IP address is never
 * believed: the walk stops at the hop that forwarded it.
 */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trust: TrustProxy): string {
  const peerAddress = normalise(peer ?? "") ?? "unknown";
  if (trust.mode === "none") return peerAddress;
  const isTrusted = trust.mode === "hops" ? (i: number) => i < trust.hops : trustedAddresses(trust.addresses);
  const chain = [peerAddress, ...forwardedEntries(forwardedFor).reverse()];
  let client = peerAddress;
  for (const [i, hop] of chain.entries()) {
    // Hop i delivered the request; only a trusted hop's word about hop i+1 is believed.
    const address = i === 0 ? hop : normalise(hop);
    if (address === null) break;
    client = address;
    if (!isTrusted(i, address)) break;
  }
  return client;
}

/**
 * Whether the TCP peer is a proxy whose forwarded headers (X-Forwarded-For, -Proto, -Host) may be
 * read at all; the launcher drops them otherwise. With a hop count the peer is the proxy by
 * definition; with an address list it must be on the list.
 */
export function trustsPeer(peer: string | undefined, trust: TrustProxy): boolean {
  if (trust.mode === "none") return false;
  if (trust.mode === "hops") return true;
  const address = normalise(peer ?? "");
  return address !== null && trustedAddresses(trust.addresses)(0, address);
}

function forwardedEntries(header: string | string[] | undefined): string[] {
  const lines = header === undefined ? [] : Array.isArray(header) ? header : [header];
  return lines.flatMap((line) => line.split(",")).map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

/**
 * An address as proxies write it — `203.0.113.7`, `203.0.113.7:51234`, `[2001:db8::1]:443`,
 * `::ffff:203.0.113.7` — as the bare address (IPv4-mapped IPv6 as IPv4), or null if it is none.
 */
function normalise(entry: string): string | null {
  let address = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed?.[1]) address = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) address = mapped[1];
  return isIP(address) === 0 ? null : address.toLowerCase();
}

// The config's list is parsed once, not per request.
const compiled = new WeakMap<readonly string[], (i: number, address: string) => boolean>();

function trustedAddresses(entries: readonly string[]): (i: number, address: string) => boolean {
  const known = compiled.get(entries);
  if (known) return known;
  const list = new BlockList();
  for (const entry of entries) {
    const [raw = "", prefix] = entry.split("/");
    const address = normalise(raw);
    if (address === null) continue; // the config schema has refused these already
    const type = isIP(address) === 4 ? "ipv4" : "ipv6";
    if (prefix === undefined) list.addAddress(address, type);
    else list.addSubnet(address, Number(prefix), type);
  }
  const matcher = (_i: number, address: string) => {
    const family = isIP(address);
    return family !== 0 && list.check(address, family === 4 ? "ipv4" : "ipv6");
  };
  compiled.set(entries, matcher);
  return matcher;
}
