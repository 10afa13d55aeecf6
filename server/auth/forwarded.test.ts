import { describe, expect, it } from "vitest";
import { AuthConfig } from "@/server/config";
import { clientAddress, trustsPeer } from "./forwarded";

/** The trust setting as the config file would give it. */
const trust = (trustProxy: unknown) => AuthConfig.parse({ trustProxy }).trustProxy;

describe("the client address behind trusted proxies", () => {
  it("a forged leftmost X-Forwarded-For is not believed: one hop (trustProxy: true) takes the entry the proxy added", () => {
    // The client sent "X-Forwarded-For: 203.0.113.7"; the load balancer appended the real peer.
    expect(clientAddress("10.0.0.2", "203.0.113.7, 198.51.100.20", trust(true))).toBe("198.51.100.20");
    expect(clientAddress("10.0.0.2", ["203.0.113.7", "198.51.100.20"], trust({ hops: 1 }))).toBe("198.51.100.20");
  });

  it("with no proxy trusted, forwarded headers count for nothing", () => {
    expect(clientAddress("198.51.100.20", "203.0.113.7", trust(false))).toBe("198.51.100.20");
    expect(clientAddress("::ffff:198.51.100.20", undefined, trust(undefined))).toBe("198.51.100.20");
    expect(clientAddress(undefined, "203.0.113.7", trust(false))).toBe("unknown");
  });

  it("N hops: the Nth entry from the right; fewer entries leave the leftmost; none leave the peer", () => {
    // CDN → load balancer → console: the balancer appended the CDN's address, the CDN the client's.
    expect(clientAddress("10.0.0.2", "203.0.113.7, 198.51.100.20, 192.0.2.80", trust({ hops: 2 }))).toBe("198.51.100.20");
    expect(clientAddress("10.0.0.2", "198.51.100.20", trust({ hops: 2 }))).toBe("198.51.100.20");
    expect(clientAddress("10.0.0.2", undefined, trust({ hops: 2 }))).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "", trust(true))).toBe("10.0.0.2");
  });

  it("a proxy list: walk from the right past trusted proxies; the first other address is the client", () => {
    const proxies = trust({ addresses: ["10.0.0.0/8", "2001:db8:aa::/48", "192.0.2.80"] });
    expect(clientAddress("10.0.0.2", "203.0.113.7, 198.51.100.20, 192.0.2.80, 10.1.2.3", proxies)).toBe("198.51.100.20");
    expect(clientAddress("2001:db8:aa::5", "203.0.113.7, 2001:db8:ff::9", proxies)).toBe("2001:db8:ff::9");
    expect(clientAddress("::ffff:10.0.0.2", "198.51.100.20", proxies)).toBe("198.51.100.20");
    // A peer that is not a trusted proxy is the client, whatever it claims to forward for.
    expect(clientAddress("198.51.100.66", "203.0.113.7", proxies)).toBe("198.51.100.66");
    // Every hop trusted: the leftmost is the nearest thing to a client there is.
    expect(clientAddress("10.0.0.2", "10.9.9.9, 10.1.2.3", proxies)).toBe("10.9.9.9");
  });

  it("ports and brackets are dropped; an entry that is no address stops the walk at the hop that sent it", () => {
    expect(clientAddress("10.0.0.2", "198.51.100.20:51234", trust(true))).toBe("198.51.100.20");
    expect(clientAddress("10.0.0.2", "[2001:DB8::1]:443", trust(true))).toBe("2001:db8::1");
    expect(clientAddress("10.0.0.2", "unknown", trust(true))).toBe("10.0.0.2");
    expect(clientAddress("10.0.0.2", "198.51.100.20, garbage, 10.1.2.3", trust({ addresses: ["10.0.0.0/8"] }))).toBe("10.1.2.3");
  });

  it("forwarded headers are read only from a trusted peer", () => {
    expect(trustsPeer("10.0.0.2", trust(false))).toBe(false);
    expect(trustsPeer("198.51.100.66", trust(true))).toBe(true);
    expect(trustsPeer("::ffff:10.0.0.2", trust({ addresses: ["10.0.0.0/8"] }))).toBe(true);
    expect(trustsPeer("198.51.100.66", trust({ addresses: ["10.0.0.0/8"] }))).toBe(false);
    expect(trustsPeer(undefined, trust({ addresses: ["10.0.0.0/8"] }))).toBe(false);
  });
});
