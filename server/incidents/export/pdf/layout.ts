import "server-only";
import { FIGURE_ORDER, figureValue, formatDuration, type PaperSize, type RecoveryFigures, type TimelineEvent } from "@/lib/incidents";
import { describeLead } from "../../timeline";
import type { LagChartData } from "../lag";
import type { ExportSource } from "../source";
import { drawLagChart } from "./chart";
import { INK, MUTED, monoWidth, PageContent, rgbOf, type Rgb } from "./page";
import { clip, pdfSafe, wrap } from "./text";
import { PAPER, PdfWriter } from "./writer";

const MARGIN = 40;
const MONO = 7;
const LEADING = 9;
const BODY_BOTTOM = 44;
const WARN = rgbOf(0.6, 0.35, 0);
const CRIT = rgbOf(0.75, 0.05, 0.05);
const utc = (iso: string | null) => (iso === null ? "-" : iso.replace("T", " ").replace(/\.\d+Z$/, " UTC").replace("Z", " UTC"));

/** Page furniture shared by every page: who, what, when at the top; the audit head and page number at the bottom. */
class Pages {
  readonly width: number;
  readonly height: number;
  readonly writer: PdfWriter;
  /** Characters of monospace text that fit between the margins. */
  readonly columns: number;
  page = new PageContent();
  y = 0;

  constructor(
    private readonly src: ExportSource,
    paper: PaperSize,
  ) {
    const [w, h] = PAPER[paper];
    this.width = w;
    this.height = h;
    this.writer = new PdfWriter([w, h]);
    this.columns = Math.floor((w - 2 * MARGIN) / monoWidth(MONO));
  }

  /** Starts page `number` with its header and footer. */
  begin(number: number): void {
    const { incident: i, head, exportedAt } = this.src;
    this.page = new PageContent();
    const top = this.height - MARGIN;
    this.page.text(MARGIN, top, "bold", 12, clip(pdfSafe(i.title), 80));
    const state = i.endedAt ? `ended ${utc(i.endedAt)}` : "still open";
    this.page.text(MARGIN, top - 14, "regular", 8, clip(pdfSafe(`${i.severity.toUpperCase()}  |  Commander: ${i.commander.name}  |  Started ${utc(i.startedAt)}  |  ${state}`), 130), MUTED);
    this.page.line(MARGIN, top - 20, this.width - MARGIN, top - 20);
    this.page.line(MARGIN, 34, this.width - MARGIN, 34);
    this.page.text(MARGIN, 25, "mono", 6, `Audit chain head at export: seq ${head.seq}  hash ${head.hash}`, MUTED);
    this.page.text(MARGIN, 17, "mono", 6, `Incident ${i.id}  |  exported ${utc(exportedAt.toISOString())}  |  page ${number}`, MUTED);
    this.y = top - 34;
  }

  /** Room for `lines` more lines of body text? If not, the page is written out and page `next` begun. */
  *ensure(lines: number, next: () => number): Generator<Uint8Array> {
    if (this.y - lines * LEADING >= BODY_BOTTOM) return;
    yield* this.end();
    this.begin(next());
  }

  end(opts: { front?: boolean } = {}): Uint8Array[] {
    return this.writer.page(this.page.toString(), opts);
  }

  heading(text: string): void {
    this.page.text(MARGIN, this.y, "bold", 10, text);
    this.y -= 15;
  }

  mono(text: string, x = 0, color: Rgb = INK, bold = false): void {
    this.page.text(MARGIN + x * monoWidth(MONO), this.y, bold ? "monoBold" : "mono", MONO, text, color);
  }

  /** One body line of monospace pieces, each at its column. */
  monoRow(pieces: readonly (readonly [column: number, text: string, color: Rgb])[]): void {
    this.page.textRow(this.y, "mono", MONO, pieces.map(([x, text, color]) => [MARGIN + x * monoWidth(MONO), text, color] as const));
  }
}

/** Page 1: the summary, the figures with the records behind them, and the lag chart. */
function frontPage(p: Pages, src: ExportSource, figures: RecoveryFigures, lag: LagChartData): void {
  const i = src.incident;
  p.begin(1);
  const opened = i.auto ? `opened automatically on: ${i.trigger?.title ?? "?"}` : `declared by ${i.declaredBy.name}`;
  const duration = i.endedAt ? formatDuration(Date.parse(i.endedAt) - Date.parse(i.startedAt)) : "still open";
  for (const line of [`Incident ${opened}; duration ${duration}.`, ...(i.resolution ? [`Resolution: ${i.resolution}`] : [])]) {
    for (const part of wrap(pdfSafe(line), p.columns).slice(0, 6)) {
      p.mono(part);
      p.y -= LEADING;
    }
  }
  p.y -= 8;
  p.heading("Recovery figures");
  const labelW = 24;
  const valueW = 30;
  const restW = p.columns - labelW - valueW;
  for (const name of FIGURE_ORDER) {
    const f = figures[name];
    const explanation = wrap(pdfSafe(f.explanation), restW);
    const refs = f.refs.length ? clip(pdfSafe(`records: ${f.refs.map((r) => `${r.table} ${r.id}`).join(", ")}`), restW) : null;
    p.mono(f.label, 0, INK, true);
    p.mono(clip(pdfSafe(figureValue(f)), valueW - 1), labelW, (f.kind === "duration" ? f.ms : f.at) === null ? MUTED : INK, true);
    explanation.forEach((line, k) => {
      p.mono(line, labelW + valueW, MUTED);
      if (k < explanation.length - 1) p.y -= LEADING;
    });
    if (refs) {
      p.y -= LEADING;
      p.mono(refs, labelW + valueW, MUTED);
    }
    p.y -= LEADING + 3;
  }
  p.y -= 10;
  p.heading("Replication lag (peak per bucket) over the timeline window");
  const chartH = Math.min(200, p.y - 80);
  const marks = [{ at: Date.parse(i.startedAt), label: "incident start" }, ...(i.endedAt ? [{ at: Date.parse(i.endedAt), label: "end" }] : [])];
  drawLagChart(p.page, { x: MARGIN, y: p.y - chartH, w: p.width - 2 * MARGIN, h: chartH }, lag, src.lagBudgetMs, marks);
}

const KIND_W = 8;
const REGION_W = 15;
const PREFIX = 13 + KIND_W + REGION_W + 9;

function severityColor(e: TimelineEvent): Rgb {
  return e.severity === "critical" ? CRIT : e.severity === "warning" ? WARN : INK;
}

/**
 * The print layout: page 1 carries the summary, the figures and the lag chart; the timeline
 * follows, one event per line (wrapped under its text column), a date line whenever the day
 * changes. Timeline pages are written out as soon as they are full, and the figures are computed
 * in that same pass, so page 1 is written last and put first in the page tree.
 */
export async function* pdfExport(src: ExportSource, paper: PaperSize = "a4"): AsyncGenerator<Uint8Array> {
  const p = new Pages(src, paper);
  let number = 2;
  const next = () => ++number;
  yield p.writer.start();
  p.begin(number);
  p.heading("Timeline");
  p.mono(clip(pdfSafe(`From ${utc(src.window.from.toISOString())} (${describeLead(src.window, src.incident.startedAt)}) to ${utc(src.window.to.toISOString())}.`), p.columns), 0, MUTED);
  p.y -= LEADING * 1.5;
  const textW = p.columns - PREFIX;
  let day = "";
  let count = 0;
  const collector = src.collector();
  for await (const e of src.events(collector)) {
    count += 1;
    const lines = wrap(pdfSafe(e.detail ? `${e.title} - ${e.detail}` : e.title), textW);
    if (e.at.slice(0, 10) !== day) {
      day = e.at.slice(0, 10);
      yield* p.ensure(2 + lines.length, next);
      p.mono(day, 0, INK, true);
      p.y -= LEADING;
    }
    yield* p.ensure(lines.length, next);
    p.monoRow([
      [0, e.at.slice(11, 23), INK],
      [13, e.kind, MUTED],
      [13 + KIND_W, clip(e.region ?? "", REGION_W - 1), MUTED],
      [13 + KIND_W + REGION_W, e.severity ?? "", severityColor(e)],
      [PREFIX, lines[0] ?? "", INK],
    ]);
    for (const line of lines.slice(1)) {
      p.y -= LEADING;
      p.mono(line, PREFIX);
    }
    p.y -= LEADING;
  }
  if (count === 0) p.mono("No events in the window.", 0, MUTED);
  yield* p.end();
  frontPage(p, src, collector.finish(), await src.lag());
  yield* p.end({ front: true });
  yield* p.writer.finish({
    title: src.incident.title,
    subject: `Incident timeline; audit head seq ${src.head.seq} hash ${src.head.hash}`,
    created: src.exportedAt,
  });
}
