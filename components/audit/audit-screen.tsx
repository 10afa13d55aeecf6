"use client";

import { useRef, useState } from "react";
import { AuditTable } from "./audit-table";
import { sameFilter, type AuditFilter } from "./filter";
import { FilterBar } from "./filter-bar";
import type { AuditView } from "./load-page";
import { Pager } from "./pager";
import { useAuditVerify, useAuditView } from "./use-audit";
import { VerifyStatus } from "./verify-status";

export interface AuditScreenProps {
  /** What to show; the page keeps it in the URL. */
  filter: AuditFilter;
  onFilterChange: (next: AuditFilter) => void;
  /** The newest page the server rendered, and for which filter. */
  initial: { filter: AuditFilter; view: AuditView } | null;
}

const keyOf = (f: AuditFilter) => `${f.action ?? ""}|${f.size}`;

/**
 * The audit log: chain verification on top, then the records newest first with an action filter
 * and paging. Paging is by cursor (`before`): the stack holds the cursor of every page below the
 * newest, and belongs to one filter, so changing the filter starts again from the newest.
 */
export function AuditScreen({ filter, onFilterChange, initial }: AuditScreenProps) {
  const [paging, setPaging] = useState<{ key: string; stack: number[] }>({ key: keyOf(filter), stack: [] });
  const stack = paging.key === keyOf(filter) ? paging.stack : [];
  const before = stack.at(-1) ?? null;
  const records = useAuditView(filter, before, initial && sameFilter(initial.filter, filter) ? initial.view : undefined);
  const verify = useAuditVerify();
  const recordsRef = useRef<HTMLElement>(null);

  const setStack = (next: number[], forFilter: AuditFilter = filter) => setPaging({ key: keyOf(forFilter), stack: next });
  const view = records.data;
  const rows = view?.records ?? [];
  const first = rows[0];
  const last = rows[rows.length - 1];

  // The first broken record, on its page: all actions, starting at that record.
  const showRecord = (seq: number) => {
    const all = { ...filter, action: null };
    if (!sameFilter(all, filter)) onFilterChange(all);
    setStack([seq + 1], all);
    recordsRef.current?.focus();
  };

  return (
    <div className="flex flex-col gap-6">
      <VerifyStatus
        result={verify.data}
        verifiedAt={verify.data ? verify.dataUpdatedAt : null}
        verifying={verify.isFetching}
        error={verify.error ? verify.error.message : null}
        onVerify={() => void verify.refetch()}
        onShowRecord={showRecord}
      />
      <section ref={recordsRef} tabIndex={-1} aria-labelledby="audit-records-heading" className="flex flex-col gap-3">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <h2 id="audit-records-heading" className="text-xl font-bold">
            Records
          </h2>
          <FilterBar filter={filter} seen={rows.map((r) => r.action)} onChange={onFilterChange} />
        </div>
        <Pager
          page={stack.length + 1}
          hasOlder={view?.nextBefore != null}
          onNewest={() => setStack([])}
          onNewer={() => setStack(stack.slice(0, -1))}
          onOlder={() => {
            if (view?.nextBefore != null) setStack([...stack, view.nextBefore]);
          }}
          summary={first && last ? `records #${first.seq} to #${last.seq}` : ""}
        />
        {records.isError ? (
          <p role="alert" className="font-semibold text-red-800 dark:text-red-300">
            Could not load the audit log: {records.error.message}
          </p>
        ) : null}
        <AuditTable
          records={rows}
          caption={`Audit records, newest first${filter.action ? `, action ${filter.action} only` : ""}, page ${stack.length + 1}`}
          brokenSeq={verify.data?.firstBroken?.seq ?? null}
          loading={records.isPending}
          stale={records.isPlaceholderData}
          emptyText={
            filter.action
              ? `No ${before === null ? "" : "older "}records with action ${filter.action}.`
              : before === null
                ? "No records yet."
                : "No older records."
          }
        />
      </section>
    </div>
  );
}
