import { inflateSync } from "node:zlib";

export async function collect(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
}

/** A strict RFC 4180 reader: quoted fields, doubled quotes, CRLF records. Throws on anything malformed. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = "";
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error("unterminated quoted field");
        field += text.slice(i, q);
        if (text[q + 1] === '"') {
          field += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const m = /[,\r\n"]/.exec(text.slice(i));
      const end = m ? i + m.index : text.length;
      if (text[end] === '"') throw new Error(`stray quote at ${end}`);
      field = text.slice(i, end);
      i = end;
    }
    row.push(field);
    if (text[i] === ",") i += 1;
    else if (text.startsWith("\r\n", i)) {
      rows.push(row);
      row = [];
      i += 2;
    } else if (i < text.length) throw new Error(`expected , or CRLF at ${i}`);
  }
  if (row.length) rows.push(row);
  return rows;
}

/**
 * Checks a PDF's structure the way a reader would find its objects — every xref entry points at
 * its "N 0 obj", startxref at the table — and returns the text shown on each page (Tj operands,
 * one line each, from the inflated content streams), in page order.
 */
export function readPdf(pdf: Buffer): { pages: string[]; objects: number } {
  const raw = pdf.toString("latin1");
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(raw)?.[1]);
  if (!raw.startsWith("xref\n", startxref)) throw new Error("startxref does not point at the xref table");
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(raw.slice(startxref)) ?? [];
  if (first !== "0" || !count) throw new Error("malformed xref header");
  const entries = raw.slice(startxref).split("\n").slice(2, 2 + Number(count));
  entries.forEach((line, id) => {
    if (line.endsWith(" n ")) {
      const offset = Number(line.slice(0, 10));
      if (!raw.startsWith(`${id} 0 obj\n`, offset)) throw new Error(`xref entry ${id} points at ${JSON.stringify(raw.slice(offset, offset + 12))}`);
    }
  });
  const streams = new Map<number, string>();
  const re = /(\d+) 0 obj\n<< \/Length (\d+) \/Filter \/FlateDecode >>\nstream\n/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    const start = m.index + m[0].length;
    streams.set(Number(m[1]), inflateSync(pdf.subarray(start, start + Number(m[2]))).toString("latin1"));
  }
  const kids = /\/Type \/Pages \/Count (\d+) \/Kids \[([^\]]*)\]/.exec(raw);
  const pageIds = (kids?.[2] ?? "").split(" 0 R").map((s) => s.trim()).filter(Boolean).map(Number);
  if (pageIds.length !== Number(kids?.[1])) throw new Error("page count disagrees with the page tree");
  const pages = pageIds.map((id) => {
    const contents = new RegExp(`\\n${id} 0 obj\\n<< /Type /Page .*?/Contents (\\d+) 0 R`).exec(raw);
    const content = streams.get(Number(contents?.[1])) ?? "";
    return [...content.matchAll(/\(((?:\\.|[^\\)])*)\) Tj/g)].map((t) => unescape(t[1] ?? "")).join("\n");
  });
  return { pages, objects: Number(count) };
}

function unescape(s: string): string {
  return s.replace(/\\([0-7]{3}|.)/g, (_, e: string) => (e.length === 3 ? String.fromCharCode(parseInt(e, 8)) : e));
}
