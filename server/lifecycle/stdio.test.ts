import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { guardStdio, type LogStream } from "./stdio";

class FakeStream implements LogStream {
  written: string[] = [];
  private listeners: ((err: Error) => void)[] = [];
  on(_event: "error", listener: (err: Error) => void): this {
    this.listeners.push(listener);
    return this;
  }
  write(text: string): boolean {
    this.written.push(text);
    return true;
  }
  fail(err: Error): void {
    for (const l of this.listeners) l(err);
  }
}

describe("a dead log pipe", () => {
  it("is handled: marked dead, said once on the other stream", () => {
    const stdout = new FakeStream();
    const stderr = new FakeStream();
    const guard = guardStdio({ stdout, stderr });
    stdout.fail(new Error("write EPIPE"));
    stdout.fail(new Error("write EPIPE"));
    expect(guard.dead()).toEqual(["stdout"]);
    expect(stderr.written).toEqual(["failover-console: stdout is gone (write EPIPE); its output is dropped from now on\n"]);
    stderr.fail(new Error("write EPIPE"));
    expect(guard.dead()).toEqual(["stdout", "stderr"]);
    expect(stdout.written).toEqual([]); // nothing written into the dead one
  });

  it("does not turn into a loop of uncaught exceptions in a real process whose pipes closed", async () => {
    // The child logs through console (as the console does) into pipes the parent then closes,
    // and logs the uncaught exceptions it sees, as Next's custom server does. Unguarded, it never
    // exits: each logged EPIPE raises the next (checked: killed by the test timeout after 30 s).
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `const { guardStdio } = await import(${JSON.stringify(new URL("./stdio.ts", import.meta.url).href)});
         guardStdio({ stdout: process.stdout, stderr: process.stderr });
         let uncaught = 0;
         process.on("uncaughtException", (err) => { uncaught++; console.error("uncaughtException:", err); });
         await new Promise((r) => setTimeout(r, 300));
         for (let i = 0; i < 50; i++) { console.log("line", i); console.error("err", i); await new Promise((r) => setTimeout(r, 5)); }
         process.exitCode = uncaught === 0 ? 0 : 3;`,
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout.destroy();
    child.stderr.destroy();
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(0);
  });
});
