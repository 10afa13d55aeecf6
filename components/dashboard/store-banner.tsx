import type { StoreStatus } from "@/lib/snapshot";
import { formatClock } from "./format";

/**
 * Shown while this replica cannot reach its store: the rest of the screen is still live (the
 * monitor works from memory), but proposals, approvals and run controls are refused until it is back.
 */
export function StoreBanner({ store }: { store: StoreStatus | undefined }) {
  if (store?.status !== "unreachable") return null;
  return (
    <div role="alert" data-testid="store-banner" className="rounded-md border-2 border-red-900 bg-red-700 px-4 py-3 text-white dark:border-red-400 dark:bg-red-900">
      <p className="font-semibold">Store unreachable since {formatClock(store.since)}: actions paused</p>
      <p className="text-sm">
        AWS state below is live from this replica&apos;s memory; proposals, approvals and run controls resume by themselves when the store is back. Last error: {store.error}
      </p>
    </div>
  );
}
