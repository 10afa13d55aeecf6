import "server-only";
import { writeFile, rename } from "node:fs/promises";
import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import { log } from "@/server/log";
import { readHead } from "./rows";

export interface HeadPublisherOptions {
  intervalMs: number;
  /** Rewritten atomically with the latest head (point it somewhere the console cannot rewrite later). */
  file?: string;
  /** Receives `POST {"seq","hash","at"}` as JSON. */
  webhookUrl?: string;
}

export interface AuditHeadNotice {
  seq: number;
  hash: string;
  /** When it was published, by the console's clock. */
  at: string;
}

/**
 * Publishes the chain head outside the database at intervals. Verification alone cannot tell a
 * log truncated at the end, or rewritten wholesale with fresh hashes, from a genuine one; a head
 * recorded elsewhere (log shipping, a file on other storage, a webhook) can. Publishing failures
 * are logged and retried next interval: they never stop the console. Returns a stop function.
 */
export function startHeadPublisher(db: Db, clock: Clock, opts: HeadPublisherOptions): () => Promise<void> {
  const stop = new AbortController();
  const loop = (async () => {
    while (!stop.signal.aborted) {
      await publishHead(db, clock, opts).catch((err: unknown) => log.error("audit head publication failed", err));
      await clock.sleep(opts.intervalMs, stop.signal).catch(() => undefined);
    }
  })();
  return async () => {
    stop.abort();
    await loop;
  };
}

export async function publishHead(db: Db, clock: Clock, opts: Omit<HeadPublisherOptions, "intervalMs">): Promise<AuditHeadNotice> {
  const head = await readHead(db);
  const notice: AuditHeadNotice = { seq: head.seq, hash: head.hash, at: clock.now().toISOString() };
  log.info(`audit head seq=${notice.seq} hash=${notice.hash}`);
  if (opts.file) {
    // Write then rename, so a reader never sees half a file.
    await writeFile(`${opts.file}.tmp`, `${JSON.stringify(notice)}\n`);
    await rename(`${opts.file}.tmp`, opts.file);
  }
  if (opts.webhookUrl) {
    const res = await fetch(opts.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(notice),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`audit head webhook answered HTTP ${res.status}`);
  }
  return notice;
}
