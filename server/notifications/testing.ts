import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { NotificationDelivery } from "@/server/config";

/** One request a test receiver got. */
export interface Received {
  at: number;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

/** How the receiver answers its n-th request (1-based): a status, headers, and an optional delay before answering. */
export type Answer = { status: number; headers?: Record<string, string>; delayMs?: number; body?: string } | "hang";

export interface Receiver {
  url: string;
  received: Received[];
  close(): Promise<void>;
}

/** A real HTTP receiver on a free local port (node:http, port 0). */
export async function startReceiver(answer: (n: number, req: Received) => Answer = () => ({ status: 200 })): Promise<Receiver> {
  const received: Received[] = [];
  const open = new Set<{ destroy(): void }>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let json: unknown = null;
      try {
        json = JSON.parse(body);
      } catch {
        json = null;
      }
      const got: Received = { at: Date.now(), path: req.url ?? "/", headers: req.headers, body, json };
      received.push(got);
      const a = answer(received.length, got);
      if (a === "hang") return;
      const reply = () => {
        if (res.destroyed) return;
        res.writeHead(a.status, { "content-type": "text/plain", ...a.headers });
        res.end(a.body ?? "");
      };
      if (a.delayMs) setTimeout(reply, a.delayMs).unref();
      else reply();
    });
  });
  server.on("connection", (socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook/T000/B000/secretpart`,
    received,
    close: () =>
      new Promise((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A URL on a local port nothing listens on: a receiver that is down. */
export async function downUrl(): Promise<string> {
  const r = await startReceiver();
  await r.close();
  return r.url;
}

/** Fast retries for tests: the behaviour of the defaults, in milliseconds instead of seconds. */
export const FAST: NotificationDelivery = { timeoutMs: 1_000, concurrency: 8, maxAttempts: 4, maxAgeMinutes: 60, backoffBaseMs: 20, backoffMaxMs: 200 };
