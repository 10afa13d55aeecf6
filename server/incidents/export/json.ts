import "server-only";
import { EXPORT_SCHEMA_VERSION } from "@/lib/incidents";
import type { ExportSource } from "./source";

/**
 * The versioned JSON export (schema: `IncidentExport` in lib/incidents.ts, described in
 * README.md), written piece by piece: one event per line inside `events`, then `eventCount` and
 * the `figures`, computed in the same pass (a JSON reader does not care about key order).
 */
export async function* jsonExport(src: ExportSource): AsyncGenerator<string> {
  const head = {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    exportedAt: src.exportedAt.toISOString(),
    auditHead: src.head,
    incident: src.incident,
    window: { from: src.window.from.toISOString(), to: src.window.to.toISOString(), leadMs: Date.parse(src.incident.startedAt) - src.window.from.getTime() },
  };
  const opening = JSON.stringify(head);
  yield `${opening.slice(0, -1)},"events":[`;
  const collector = src.collector();
  let n = 0;
  for await (const event of src.events(collector)) {
    yield `${n === 0 ? "\n" : ",\n"}${JSON.stringify(event)}`;
    n += 1;
  }
  yield `\n],"eventCount":${n},"figures":${JSON.stringify(collector.finish())}}\n`;
}
