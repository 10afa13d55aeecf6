import { EventEmitter } from "node:events";
import type { IncomingMessage, ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { OpenRequests } from "./connections";
import { shutdownOnSignal, type ShutdownDeps } from "./shutdown";

/** A response that only knows how to close, as the tracker uses it. */
class FakeResponse extends EventEmitter {
  destroyed = false;
  destroy(): this {
    this.destroyed = true;
    this.emit("close");
    return this;
  }
}

function fakeExchange(accept: string): { req: IncomingMessage; res: ServerResponse & { destroyed: boolean } } {
  const res = new FakeResponse();
  return { req: { headers: { accept } } as unknown as IncomingMessage, res: res as unknown as ServerResponse & { destroyed: boolean } };
}

function harness(stopRuntime: () => Promise<void> = async () => undefined) {
  const events: string[] = [];
  const timers: (() => void)[] = [];
  const exits: number[] = [];
  const open = new OpenRequests();
  const deps: ShutdownDeps = {
    server: {
      close: () => events.push("close"),
      closeIdleConnections: () => events.push("close-idle"),
      closeAllConnections: () => events.push("close-all"),
    },
    open,
    stopRuntime: async () => {
      events.push("stop-runtime");
      await stopRuntime();
    },
    graceMs: 10_000,
    log: (line) => events.push(`log: ${line}`),
    exit: (code) => exits.push(code),
    setTimer: (fn) => timers.push(fn),
  };
  return { deps, events, timers, exits, open, onSignal: shutdownOnSignal(deps) };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("shutdown on a signal", () => {
  it("stops accepting, cuts the event streams, lets a request finish, then stops the runtime and exits 0", async () => {
    const h = harness();
    const stream = fakeExchange("text/event-stream");
    const request = fakeExchange("application/json");
    h.open.track(stream.req, stream.res);
    h.open.track(request.req, request.res);
    h.onSignal("SIGTERM");
    await settle();
    expect(stream.res.destroyed).toBe(true);
    expect(request.res.destroyed).toBe(false);
    expect(h.events).not.toContain("stop-runtime"); // the request is still in flight
    request.res.emit("close"); // it finishes
    await settle();
    await settle();
    expect(h.events.filter((e) => !e.startsWith("log"))).toEqual(["close", "close-idle", "close-all", "stop-runtime"]);
    expect(h.events).toContain("log: failover-console: closed 1 event streams");
    expect(h.exits).toEqual([0]);
  });

  it("exits 1 with a line saying why when it does not finish in time", async () => {
    const h = harness(() => new Promise(() => undefined)); // a runtime that never stops
    h.onSignal("SIGTERM");
    await settle();
    expect(h.exits).toEqual([]);
    h.timers.forEach((fire) => fire()); // the grace period passes
    expect(h.exits).toEqual([1]);
    expect(h.events.some((e) => e.includes("did not finish within 10 s"))).toBe(true);
  });

  it("exits at once on a second signal", async () => {
    const h = harness(() => new Promise(() => undefined));
    h.onSignal("SIGTERM");
    h.onSignal("SIGINT");
    expect(h.exits).toEqual([1]);
    expect(h.events).toContain("log: failover-console: SIGINT again, exiting now");
  });

  it("exits 1 when stopping the runtime fails", async () => {
    const h = harness(() => Promise.reject(new Error("lease hand-over failed")));
    h.onSignal("SIGTERM");
    await settle();
    await settle();
    expect(h.exits).toEqual([1]);
    expect(h.events.some((e) => e.includes("lease hand-over failed"))).toBe(true);
  });
});
