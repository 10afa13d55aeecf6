import type { ReplicaView, Snapshot } from "@/lib/snapshot";
import { formatAge, formatClock, formatMs } from "./format";
import type { Connection } from "./live";
import { Pill, type Tone } from "./pill";

const CONNECTION: Record<Connection, { tone: Tone; word: string; detail: string }> = {
  connecting: { tone: "neutral", word: "connecting", detail: "opening the live stream" },
  live: { tone: "good", word: "live", detail: "updates stream in" },
  reconnecting: { tone: "warn", word: "reconnecting", detail: "stream down, polling /api/state meanwhile" },
  offline: { tone: "bad", word: "offline", detail: "the console is not answering; what you see is ageing" },
};

const where = (region: string | null) => (region ? ` (${region})` : "");

/** Which replica served this screen, and which one leads (drives runs): with replicas in both regions, people need to know. */
function ReplicaLine({ view }: { view: ReplicaView }) {
  const leader = view.role === "leader" ? "this replica leads" : view.leader ? `leader ${view.leader.id}${where(view.leader.region)}` : "no leader right now: runs wait for one";
  return (
    <span data-testid="replica">
      Served by replica <strong>{view.replica.id}</strong>
      {where(view.replica.region)} · <span className={view.role === "leader" || view.leader ? "" : "font-bold text-amber-800 dark:text-amber-300"}>{leader}</span>
    </span>
  );
}

/** Whether this screen is current: the connection, and when the snapshot on it was made. */
export function StatusBar({ snapshot, connection, heldMs }: { snapshot: Snapshot; connection: Connection; heldMs: number }) {
  const c = CONNECTION[connection];
  const behind = connection !== "live" && heldMs > 3 * snapshot.cadenceMs;
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-1 text-sm">
      <span className="flex items-center gap-2" data-testid="connection-status" data-state={connection}>
        <Pill tone={c.tone}>{c.word}</Pill>
        <span className="text-slate-600 dark:text-slate-300">{c.detail}</span>
      </span>
      <span data-testid="generated-at" className="tabular-nums">
        Snapshot #{snapshot.seq} generated {formatClock(snapshot.generatedAt)}
      </span>
      <span>
        Mode: <strong>{snapshot.mode === "sim" ? "simulated world" : "AWS"}</strong>, polled every {formatMs(snapshot.cadenceMs)}
      </span>
      {snapshot.replica ? <ReplicaLine view={snapshot.replica} /> : null}
      {behind ? (
        <span className="font-bold text-red-800 dark:text-red-300">No update for {formatAge(heldMs).replace(" ago", "")}: treat everything below as stale.</span>
      ) : null}
    </div>
  );
}
