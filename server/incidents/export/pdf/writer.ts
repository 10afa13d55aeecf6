import "server-only";
import { deflateSync } from "node:zlib";
import { pdfSafe, pdfString } from "./text";

/** Page sizes in PDF points (1/72 inch). */
export const PAPER = { a4: [595.28, 841.89], letter: [612, 792] } as const;

/** The four standard fonts the export uses; PDF readers have them built in, nothing is embedded. */
export const FONTS = { regular: "F1", bold: "F2", mono: "F3", monoBold: "F4" } as const;
const BASE_FONTS = [
  ["F1", "Helvetica"],
  ["F2", "Helvetica-Bold"],
  ["F3", "Courier"],
  ["F4", "Courier-Bold"],
] as const;

const CATALOG = 1;
const PAGES = 2;
const INFO = 3;
const FIRST_FONT = 4;
const FIRST_FREE = FIRST_FONT + BASE_FONTS.length;

const latin1 = (s: string) => Buffer.from(s, "latin1");
const FONT_RESOURCES = `<< /Font << ${BASE_FONTS.map(([name], i) => `/${name} ${FIRST_FONT + i} 0 R`).join(" ")} >> >>`;

/**
 * A PDF 1.4 file written front to back: each page's (deflated) content and page object go out as
 * soon as the page is done, with their byte offsets remembered; the page tree, catalog and the
 * cross-reference table come last. Memory holds one page and the offsets, never the document —
 * which is why this is hand-written rather than built with a library that assembles the whole
 * file before saving it.
 */
export class PdfWriter {
  private offset = 0;
  private readonly offsets = new Map<number, number>();
  private readonly pageIds: number[] = [];
  private nextId = FIRST_FREE;

  constructor(private readonly size: readonly [number, number]) {}

  get pageCount(): number {
    return this.pageIds.length;
  }

  /** The file header; the second line's high bytes mark the file as binary for transfer tools. */
  start(): Uint8Array {
    return this.emit(Buffer.concat([latin1("%PDF-1.4\n%"), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3]), latin1("\n")]));
  }

  /**
   * One finished page: its content stream (PDF operators, ASCII) compressed, then the page object.
   * `front` puts it before every page written so far: page order is the page tree's, not the file's.
   */
  page(content: string, opts: { front?: boolean } = {}): Uint8Array[] {
    const streamId = this.nextId++;
    const pageId = this.nextId++;
    if (opts.front) this.pageIds.unshift(pageId);
    else this.pageIds.push(pageId);
    // Level 1: most of the size win for a fraction of the time (a page of text shrinks about 4x either way).
    const data = deflateSync(latin1(content), { level: 1 });
    const stream = Buffer.concat([latin1(`${streamId} 0 obj\n<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`), data, latin1("\nendstream\nendobj\n")]);
    const [w, h] = this.size;
    return [this.object(streamId, stream), this.object(pageId, latin1(`${pageId} 0 obj\n<< /Type /Page /Parent ${PAGES} 0 R /MediaBox [0 0 ${w} ${h}] /Contents ${streamId} 0 R /Resources ${FONT_RESOURCES} >>\nendobj\n`))];
  }

  /** Fonts, page tree, catalog, document info, then the cross-reference table and trailer. */
  finish(info: { title: string; subject: string; created: Date }): Uint8Array[] {
    const out: Uint8Array[] = [];
    BASE_FONTS.forEach(([, base], i) => {
      const id = FIRST_FONT + i;
      out.push(this.object(id, latin1(`${id} 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /${base} /Encoding /WinAnsiEncoding >>\nendobj\n`)));
    });
    const kids = this.pageIds.map((id) => `${id} 0 R`).join(" ");
    out.push(this.object(PAGES, latin1(`${PAGES} 0 obj\n<< /Type /Pages /Count ${this.pageIds.length} /Kids [${kids}] >>\nendobj\n`)));
    out.push(this.object(CATALOG, latin1(`${CATALOG} 0 obj\n<< /Type /Catalog /Pages ${PAGES} 0 R >>\nendobj\n`)));
    const date = info.created.toISOString().replace(/[-:T]/g, "").slice(0, 14);
    out.push(this.object(INFO, latin1(`${INFO} 0 obj\n<< /Title ${pdfString(pdfSafe(info.title))} /Subject ${pdfString(pdfSafe(info.subject))} /Producer (Failover Console) /CreationDate (D:${date}Z) >>\nendobj\n`)));
    const xrefAt = this.offset;
    const size = this.nextId;
    const lines = [`xref\n0 ${size}\n`, "0000000000 65535 f \n"];
    for (let id = 1; id < size; id++) {
      const at = this.offsets.get(id);
      lines.push(at === undefined ? "0000000000 65535 f \n" : `${String(at).padStart(10, "0")} 00000 n \n`);
    }
    lines.push(`trailer\n<< /Size ${size} /Root ${CATALOG} 0 R /Info ${INFO} 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
    out.push(this.emit(latin1(lines.join(""))));
    return out;
  }

  private object(id: number, bytes: Uint8Array): Uint8Array {
    this.offsets.set(id, this.offset);
    return this.emit(bytes);
  }

  private emit(bytes: Uint8Array): Uint8Array {
    this.offset += bytes.length;
    return bytes;
  }
}
