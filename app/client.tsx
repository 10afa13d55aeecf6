"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { Suspense, useCallback } from "react";
import { DashboardScreen } from "@/components/dashboard/dashboard";
import { LagRange } from "@/lib/lag";
import type { Snapshot } from "@/lib/snapshot";

export interface DashboardProps {
  initialSnapshot: Snapshot;
  canDrill: boolean;
}

const DEFAULT_RANGE: LagRange = "15m";
const noop = () => undefined;

/** The dashboard with its lag range kept in the URL (`?range=1h`), so a link shows the same view. */
export function Dashboard(props: DashboardProps) {
  return (
    <Suspense fallback={<DashboardScreen {...props} range={DEFAULT_RANGE} onRangeChange={noop} />}>
      <DashboardWithUrl {...props} />
    </Suspense>
  );
}

function DashboardWithUrl(props: DashboardProps) {
  const params = useSearchParams();
  const pathname = usePathname();
  const parsed = LagRange.safeParse(params.get("range"));
  const range = parsed.success ? parsed.data : DEFAULT_RANGE;

  const onRangeChange = useCallback(
    (next: LagRange) => {
      const search = new URLSearchParams(params.toString());
      if (next === DEFAULT_RANGE) search.delete("range");
      else search.set("range", next);
      const query = search.toString();
      // Next syncs useSearchParams with the History API, so this updates the URL without a
      // server round trip; replace, not push: switching range should not fill the back button.
      window.history.replaceState(null, "", query ? `${pathname}?${query}` : pathname);
    },
    [params, pathname],
  );

  return <DashboardScreen {...props} range={range} onRangeChange={onRangeChange} />;
}
