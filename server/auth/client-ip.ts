import "server-only";

/**
 * The launcher (scripts/serve.ts) writes the client's address into this header on every request,
 * replacing anything a client sent: the TCP peer, or — behind proxies the config trusts
 * (`auth.trustProxy`) — the address `forwarded.ts` reads from X-Forwarded-For. Route code reads
 * only this header.
 */
export const CLIENT_IP_HEADER = "x-console-client-ip";

type HeaderSource = Headers | Record<string, string | string[] | undefined>;

export function clientIp(headers: HeaderSource): string | null {
  const value = headers instanceof Headers ? headers.get(CLIENT_IP_HEADER) : headers[CLIENT_IP_HEADER];
  const first = Array.isArray(value) ? value[0] : value;
  return first && first.length > 0 ? first : null;
}
