import { DataTable } from "@/components/ui/data-table";
import type { AuditRecord } from "@/lib/audit";
import { CopyButton } from "./copy-button";
import { actionLabel, formatTime, shortHash, summarize } from "./format";

export interface AuditTableProps {
  records: AuditRecord[];
  caption: string;
  /** The first broken record from verification, marked in the table when it is on this page. */
  brokenSeq: number | null;
  /** Loading: nothing to show yet. */
  loading: boolean;
  /** What the empty table says, e.g. "No records with action auth.logout." */
  emptyText: string;
  /** The rows are the previous page's while the next loads. */
  stale: boolean;
}

const TD = "px-3 py-2 align-top";

/** The records, newest first: one row each, the full payload and hashes behind a disclosure. */
export function AuditTable({ records, caption, brokenSeq, loading, emptyText, stale }: AuditTableProps) {
  return (
    <DataTable
      caption={caption}
      columns={["#", "Time (UTC)", "Actor", "Action", "Summary", "Hash"]}
      busy={stale || loading}
      dim={stale}
      empty={records.length === 0 ? <span className="text-slate-700 dark:text-slate-300">{loading ? "Loading records…" : emptyText}</span> : null}
    >
      {records.map((r) => (
        <AuditRow key={r.seq} record={r} broken={r.seq === brokenSeq} />
      ))}
    </DataTable>
  );
}

function AuditRow({ record, broken }: { record: AuditRecord; broken: boolean }) {
  return (
    <tr
      data-seq={record.seq}
      data-broken={broken || undefined}
      className={`border-b border-slate-100 last:border-b-0 dark:border-slate-800 ${broken ? "bg-red-50 outline-2 -outline-offset-2 outline-red-700 dark:bg-red-950 dark:outline-red-400" : ""}`}
    >
      <th scope="row" className={`${TD} text-left font-mono font-semibold tabular-nums`}>
        {record.seq}
        {broken ? <span className="ml-1 block text-xs font-bold text-red-800 dark:text-red-200">✗ chain breaks here</span> : null}
      </th>
      <td className={`${TD} whitespace-nowrap tabular-nums`}>
        <time dateTime={record.at}>{formatTime(record.at).replace(" UTC", "")}</time>
      </td>
      <td className={TD}>
        <span className="font-medium" title={record.actor}>
          {record.actorName}
        </span>
        {record.ip ? <span className="block text-xs text-slate-600 dark:text-slate-400">from {record.ip}</span> : null}
      </td>
      <td className={TD}>
        <code className="whitespace-nowrap rounded bg-slate-100 px-1 py-0.5 text-xs dark:bg-slate-800" title={actionLabel(record.action)}>
          {record.action}
        </code>
      </td>
      <td className={`${TD} min-w-64`}>
        <p>{summarize(record)}</p>
        <RecordDetails record={record} />
      </td>
      <td className={`${TD} whitespace-nowrap`}>
        {record.hash ? (
          <span className="flex items-center gap-2">
            <code className="font-mono text-xs" title={record.hash}>
              {shortHash(record.hash, 10)}
            </code>
            <CopyButton value={record.hash} label={`Copy hash of record #${record.seq}`} />
          </span>
        ) : (
          <span className="text-xs text-slate-600 dark:text-slate-400" title="Written before the hash chain existed">
            legacy, no hash
          </span>
        )}
      </td>
    </tr>
  );
}

/** Native <details>: keyboard and screen readers handle it without any script. */
function RecordDetails({ record }: { record: AuditRecord }) {
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs font-semibold text-sky-800 dark:text-sky-300">
        Payload and hashes<span className="sr-only"> of record #{record.seq}</span>
      </summary>
      <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="font-semibold">Actor id</dt>
        <dd className="break-all font-mono">{record.actor}</dd>
        <dt className="font-semibold">Hash</dt>
        <dd className="break-all font-mono">{record.hash ?? "none (legacy record)"}</dd>
        <dt className="font-semibold">Previous hash</dt>
        <dd className="break-all font-mono">{record.prevHash ?? "none (legacy record)"}</dd>
      </dl>
      <pre className="mt-2 whitespace-pre-wrap break-all rounded bg-slate-100 p-2 text-xs dark:bg-slate-950">{JSON.stringify(record.payload, null, 2)}</pre>
    </details>
  );
}
