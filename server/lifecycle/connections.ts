import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * The requests in flight, with the server-sent event streams apart: a stream never ends by itself,
 * so shutdown cuts it (the browser's EventSource reconnects, through the load balancer, to a
 * replica that is still up), while an ordinary request is given time to finish.
 */
export class OpenRequests {
  private readonly requests = new Set<ServerResponse>();
  private readonly streams = new Set<ServerResponse>();
  private drained: (() => void) | null = null;

  track(req: IncomingMessage, res: ServerResponse): void {
    // EventSource always asks for text/event-stream; nothing else the console serves does.
    const set = (req.headers.accept ?? "").includes("text/event-stream") ? this.streams : this.requests;
    set.add(res);
    res.once("close", () => {
      set.delete(res);
      if (this.requests.size === 0) this.drained?.();
    });
  }

  get counts(): { requests: number; streams: number } {
    return { requests: this.requests.size, streams: this.streams.size };
  }

  /** Cuts every event stream; returns how many there were. */
  closeStreams(): number {
    const n = this.streams.size;
    for (const res of this.streams) res.destroy();
    return n;
  }

  /** Resolves once no ordinary request is in flight. */
  whenDrained(): Promise<void> {
    if (this.requests.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.drained = resolve;
    });
  }
}
