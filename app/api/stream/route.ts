import { authed } from "@/server/http/route";
import { getMonitor } from "@/server/monitor";

// A comment line every 15 s keeps proxies from closing an idle stream.
const HEARTBEAT_MS = 15_000;

/**
 * Server-sent events: the current snapshot at once, then each new one. Every viewer shares the
 * monitor's one serialised snapshot; viewers add no provider calls (invariant 9).
 */
export const GET = authed([], async ({ req }) => {
  const monitor = await getMonitor();
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup(); // the client went away between a publish and this write
        }
      };
      send(`retry: 2000\nevent: snapshot\ndata: ${monitor.snapshotJson()}\n\n`);
      const unsubscribe = monitor.subscribe(() => send(`event: snapshot\ndata: ${monitor.snapshotJson()}\n\n`));
      const heartbeat = setInterval(() => send(": heartbeat\n\n"), HEARTBEAT_MS);
      cleanup = () => {
        unsubscribe();
        clearInterval(heartbeat);
      };
      req.signal.addEventListener("abort", () => {
        cleanup();
        controller.close();
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, {
    headers: { "content-type": "text/event-stream", "cache-control": "no-store, no-transform", connection: "keep-alive", "x-accel-buffering": "no" },
  });
});
