/**
 * The one duration format of the console (issue 15 §4): on the dashboard, the incident pages, the
 * run page and the exports alike, so the same span never reads "0 ms" in one place and "3.4 s" in
 * another. Tenths below 10 s (where they matter), whole seconds to a minute, then the two largest
 * units: "850 ms", "3.4 s", "12 s", "3 min 5 s", "2 h 10 min".
 */
export function formatDuration(ms: number | null, unknown = "unknown"): string {
  if (ms === null || !Number.isFinite(ms)) return unknown;
  const v = Math.max(0, ms);
  if (v < 1000) return `${Math.round(v)} ms`;
  if (v < 10_000) return `${(Math.floor(v / 100) / 10).toFixed(1)} s`;
  if (v < 60_000) return `${Math.floor(v / 1000)} s`;
  if (v < 3_600_000) {
    const m = Math.floor(v / 60_000);
    const s = Math.floor((v % 60_000) / 1000);
    return s ? `${m} min ${s} s` : `${m} min`;
  }
  const h = Math.floor(v / 3_600_000);
  const m = Math.floor((v % 3_600_000) / 60_000);
  return m ? `${h} h ${m} min` : `${h} h`;
}
