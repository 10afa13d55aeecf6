import "server-only";
import type { Clock } from "@/server/clock";
import type { Db } from "@/server/db";
import { log } from "@/server/log";
import { appendHeadLine, lastHeadInFile } from "./head-file";
import { headStillInChain } from "./published";
import { readHead } from "./rows";
import { headSignatureProblem, signHead, type SignedHead } from "./seal";

export interface HeadPublisherOptions {
  intervalMs: number;
  /** JSON lines, appended to (never rewritten): put it on storage the console's database users cannot rewrite. */
  file?: string;
  /** Receives `POST {"seq","hash","at","sig"}` as JSON. */
  webhookUrl?: string;
  /** AUDIT_HEAD_KEY: signs each head (HMAC-SHA256). Null only in sim mode: heads go out unsigned. */
  key: string | null;
  /** Publishing is the leader's duty (issue 14): replicas that do not lead skip their turn. Default: always. */
  leads?: () => boolean;
}

export type AuditHeadNotice = SignedHead;

export type PublishOutcome =
  | { status: "published"; head: SignedHead }
  /** A head published earlier is no longer in the chain: nothing new was published, the old record stands. */
  | { status: "cut"; message: string; previous: SignedHead };

/**
 * Publishes the chain head outside the database at intervals. Verification alone cannot tell a
 * log truncated at the end, or rewritten wholesale with fresh hashes, from a genuine one; a signed
 * head recorded elsewhere (log shipping, a file on other storage, a webhook) can. Publishing failures
 * are logged and retried next interval: they never stop the console. Returns a stop function.
 */
export function startHeadPublisher(db: Db, clock: Clock, opts: HeadPublisherOptions): () => Promise<void> {
  const stop = new AbortController();
  const memory: { last: SignedHead | null } = { last: null };
  const loop = (async () => {
    while (!stop.signal.aborted) {
      if (opts.leads?.() ?? true) await publishHead(db, clock, opts, memory).catch((err: unknown) => log.error("audit head publication failed", err));
      await clock.sleep(opts.intervalMs, stop.signal).catch(() => undefined);
    }
  })();
  return async () => {
    stop.abort();
    await loop;
  };
}

/**
 * Before publishing, checks that the heads published before (the file's last line, and the last
 * one this process published) are still in the chain. If one is not, the log was cut or rewritten
 * since: the cut is logged as an error, named, and nothing is published, so the last published
 * head keeps standing as evidence — a shorter head never replaces it. Otherwise the new head is
 * signed, logged, appended to the file (when it moved) and POSTed to the webhook.
 */
export async function publishHead(
  db: Db,
  clock: Clock,
  opts: Omit<HeadPublisherOptions, "intervalMs">,
  memory: { last: SignedHead | null } = { last: null },
): Promise<PublishOutcome> {
  const fromFile = opts.file ? await trustedLast(opts.file, opts.key) : null;
  const head = await readHead(db);
  for (const previous of [fromFile, memory.last]) {
    if (!previous) continue;
    const cut = await headStillInChain(db, previous, head.seq);
    if (cut) {
      const message = `audit log cut: ${cut.detail}. Nothing newer is published until this is investigated (npm run audit:verify -- --head FILE)`;
      log.error(message);
      return { status: "cut", message, previous };
    }
  }
  const signed = signHead({ seq: head.seq, hash: head.hash, at: clock.now().toISOString() }, opts.key);
  log.info(`audit head seq=${signed.seq} hash=${signed.hash} sig=${signed.sig ?? "(unsigned: no AUDIT_HEAD_KEY)"}`);
  if (opts.file && (fromFile?.seq !== signed.seq || fromFile.hash !== signed.hash)) await appendHeadLine(opts.file, signed);
  if (opts.webhookUrl) {
    const res = await fetch(opts.webhookUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(signed),
      signal: AbortSignal.timeout(10_000),
    });
    if (!res.ok) throw new Error(`audit head webhook answered HTTP ${res.status}`);
  }
  memory.last = signed;
  return { status: "published", head: signed };
}

/**
 * The file's newest head, when its signature holds. A line someone else wrote there (no valid
 * signature) is named in the log and not trusted: it must neither stop publication nor stand in
 * for a real head.
 */
async function trustedLast(file: string, key: string | null): Promise<SignedHead | null> {
  const last = await lastHeadInFile(file);
  if (!last || key === null) return last;
  const problem = headSignatureProblem(last, key);
  if (problem === null) return last;
  log.error(`audit head file ${file}: ${problem}; it is ignored`);
  return null;
}
