"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
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
  const router = useRouter();
  const pathname = usePathname();
  const parsed = LagRange.safeParse(params.get("range"));
  const range = parsed.success ? parsed.data : DEFAULT_RANGE;

  const onRangeChange = useCallback(
    (next: LagRange) => {
      const search = new URLSearchParams(params.toString());
      if (next === DEFAULT_RANGE) search.delete("range");
      else search.set("range", next);
      const query = search.toString();
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    },
    [params, pathname, router],
  );

  return <DashboardScreen {...props} range={range} onRangeChange={onRangeChange} />;
}
