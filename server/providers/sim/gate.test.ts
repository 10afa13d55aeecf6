import { describe, expect, it } from "vitest";
import { ProviderError } from "@/server/providers/port";
import { scaledClock } from "@/server/clock";
import { createSimWorld } from "./index";
import { isSettled, never, PRIMARY, SECONDARY, simConfig, testWorld } from "./testing";

/** An AbortSignal that counts the abort listeners attached to it and still attached. */
function countingSignal() {
  const controller = new AbortController();
  const { signal } = controller;
  let attached = 0;
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = (...args: Parameters<AbortSignal["addEventListener"]>) => {
    attached++;
    add(...args);
  };
  signal.removeEventListener = (...args: Parameters<AbortSignal["removeEventListener"]>) => {
    attached--;
    remove(...args);
  };
  return { controller, signal, attached: () => attached };
}

describe("simulated API latency", () => {
  it("takes 5–40 ms of clock time per call by default, so it scales with the sim speed", async () => {
    const { world, clock } = testWorld({ operationDelayMs: undefined });
    const read = world.readAuthority(PRIMARY, never());
    expect(await isSettled(read)).toBe(false);
    clock.advance(4);
    expect(await isSettled(read)).toBe(false);
    clock.advance(36);
    expect(await read).toMatchObject({ role: "primary" });
  });

  it("takes exactly operationDelayMs when given", async () => {
    const { world, clock } = testWorld({ operationDelayMs: 100 });
    const read = world.readAppRole(PRIMARY, never());
    clock.advance(99);
    expect(await isSettled(read)).toBe(false);
    clock.advance(1);
    expect(await read).toEqual({ role: "active" });
  });
});

describe("abort signals", () => {
  it("rejects at once with timeout when the signal is already aborted", async () => {
    const { world } = testWorld();
    const error = await world.readHealthChecks(PRIMARY, AbortSignal.abort()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ kind: "timeout", service: "route53", region: PRIMARY });
  });

  it("stops a call waiting out its latency as soon as the caller aborts", async () => {
    const { world } = testWorld({ operationDelayMs: 30_000 });
    const { controller, signal, attached } = countingSignal();
    const read = world.readAurora(SECONDARY, signal);
    expect(await isSettled(read)).toBe(false);
    controller.abort(new Error("deadline"));
    await expect(read).rejects.toMatchObject({ kind: "timeout", service: "rds" });
    expect(attached()).toBe(0);
  });

  it("leaves no listener on the caller's signal once a call answers", async () => {
    const { world, clock } = testWorld({ operationDelayMs: 10 });
    const { signal, attached } = countingSignal();
    const reads = [world.readAurora(PRIMARY, signal), world.readLag(SECONDARY, signal), world.probeReadiness(PRIMARY, signal)];
    expect(attached()).toBe(3);
    clock.advance(10);
    await Promise.all(reads);
    expect(attached()).toBe(0);
  });

  it("releases a hanging call's listener when it is aborted", async () => {
    const { world } = testWorld();
    world.setFault(SECONDARY, "region-outage", true);
    const { controller, signal, attached } = countingSignal();
    const read = world.probeReadiness(SECONDARY, signal);
    expect(await isSettled(read)).toBe(false);
    expect(attached()).toBe(1);
    controller.abort(new Error("deadline"));
    await expect(read).rejects.toMatchObject({ kind: "timeout", service: "readiness", region: SECONDARY });
    expect(attached()).toBe(0);
    expect(world.hangingCalls).toBe(0);
  });

  it("rejects hanging calls when the world closes, and refuses calls afterwards", async () => {
    const { world } = testWorld();
    world.setFault(PRIMARY, "region-outage", true);
    const { signal, attached } = countingSignal();
    const read = world.readAurora(PRIMARY, signal);
    expect(await isSettled(read)).toBe(false);
    await world.close();
    await expect(read).rejects.toMatchObject({ kind: "unavailable" });
    expect(attached()).toBe(0);
    await expect(world.readAurora(SECONDARY, never())).rejects.toMatchObject({ kind: "unavailable" });
  });
});

describe("on a scaled clock (as in the running console)", () => {
  it("answers after its latency and times out a dark region at the caller's deadline", async () => {
    const world = createSimWorld(simConfig(), scaledClock(100));
    expect((await world.readAurora(PRIMARY, AbortSignal.timeout(1_000))).role).toBe("writer");
    world.setFault(PRIMARY, "region-outage", true);
    await expect(world.readAurora(PRIMARY, AbortSignal.timeout(30))).rejects.toMatchObject({ kind: "timeout" });
    expect(world.hangingCalls).toBe(0);
    await world.close();
  });
});
