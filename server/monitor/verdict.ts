import "server-only";
import type { Finding } from "@/lib/findings";
import type { Verdict } from "@/lib/snapshot";
import { describeMs, type RegionFacts } from "./facts";

/** The banner's one-line answer: who owns writes (at which epoch), where traffic goes, the lag. */
export function deriveVerdict(regions: readonly RegionFacts[], findings: readonly Finding[]): Verdict {
  const claimants = regions.filter((r) => r.authority?.role === "primary");
  // A stale claim (invariant 4) is split brain only once the claimant can write (critical).
  const split = findings.some((f) => f.kind === "split-brain" || (f.kind === "stale-authority-claim" && f.severity === "critical"));
  const staleFinding = split ? undefined : findings.find((f) => f.kind === "stale-authority-claim");
  const stale = staleFinding ? claimants.find((r) => r.id === staleFinding.region) : undefined;
  const holders = claimants.filter((r) => r !== stale);
  const authorityUnknown = regions.some((r) => r.authority === null);
  const authority: Verdict["authority"] = split ? "split" : holders.length === 1 ? "single" : authorityUnknown ? "unknown" : "none";
  const holder = authority === "single" ? holders[0] : undefined;
  const writer = holder?.authority ? { region: holder.id, epoch: holder.authority.epoch } : null;
  const staleClaim = stale?.authority && writer ? { region: stale.id, epoch: stale.authority.epoch, holder: writer.region, holderEpoch: writer.epoch } : null;
  const trafficTo = regions.filter((r) => r.trafficOn === true).map((r) => r.id);
  const lagMs = regions.map((r) => r.replicationLagMs).find((l) => l !== null) ?? null;
  const tone = findings.some((f) => f.severity === "critical") ? "critical" : findings.some((f) => f.severity === "warning") ? "warning" : "ok";
  const who =
    authority === "split" ? `SPLIT BRAIN: ${owners(regions)} own writes`
    : authority === "unknown" ? "Write authority UNKNOWN"
    : authority === "none" ? "No region owns writes"
    : `${writer?.region} owns writes at epoch ${writer?.epoch}`;
  const staleWords = staleClaim ? `; stale authority claim in ${staleClaim.region} (epoch ${staleClaim.epoch} < ${staleClaim.holderEpoch})` : "";
  const traffic = trafficTo.length ? `traffic to ${trafficTo.join(" and ")}` : "traffic to no region";
  return { tone, authority, writer, staleClaim, trafficTo, lagMs, summary: `${who}${staleWords}; ${traffic}; lag ${describeMs(lagMs)}` };
}

const owners = (regions: readonly RegionFacts[]) =>
  regions.filter((r) => r.authority?.role === "primary" || r.writer === true || r.accepting === true).map((r) => r.id).join(" and ") || "two regions";
