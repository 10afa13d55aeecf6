import "server-only";
import type { Snapshot } from "@/lib/snapshot";
import { getRuntime } from "@/server/runtime";
import type { Monitor } from "./monitor";

export { Monitor, type MonitorDeps } from "./monitor";
export { lagSeries } from "./store";

export async function getMonitor(): Promise<Monitor> {
  return (await getRuntime()).monitor;
}

/** The cached snapshot — never waits on a provider. */
export async function currentSnapshot(): Promise<Snapshot> {
  return (await getMonitor()).snapshot();
}
