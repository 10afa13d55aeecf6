import { describe, expect, it } from "vitest";
import { manualClock, scaledClock } from "./clock";

describe("clocks", () => {
  it("a manual clock wakes sleepers when time passes their deadline, and only them", async () => {
    const clock = manualClock();
    const woke: string[] = [];
    const a = clock.sleep(100).then(() => woke.push("a"));
    const b = clock.sleep(300).then(() => woke.push("b"));
    clock.advance(150);
    await a;
    expect(woke).toEqual(["a"]);
    clock.advance(150);
    await b;
    expect(woke).toEqual(["a", "b"]);
  });

  it("aborting a finished sleep does not cancel another sleeper", async () => {
    const clock = manualClock();
    const first = new AbortController();
    const done = clock.sleep(10, first.signal);
    clock.advance(10);
    await done;
    let woke = false;
    const other = clock.sleep(50).then(() => (woke = true));
    first.abort();
    clock.advance(50);
    await other;
    expect(woke).toBe(true);
  });

  it("an aborted sleep rejects with the abort reason", async () => {
    const clock = manualClock();
    const abort = new AbortController();
    const sleeping = clock.sleep(1000, abort.signal);
    abort.abort(new Error("stop"));
    await expect(sleeping).rejects.toThrow("stop");
  });

  it("a scaled clock runs faster than the wall", () => {
    let wall = 1_000;
    const clock = scaledClock(10, () => wall);
    const start = clock.now().getTime();
    wall += 500;
    expect(clock.now().getTime() - start).toBe(5_000);
    expect(() => scaledClock(0)).toThrow(/positive/);
  });
});
