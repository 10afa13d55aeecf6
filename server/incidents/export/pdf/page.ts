import "server-only";
import { FONTS } from "./writer";
import { pdfSafe, pdfString } from "./text";

/** A colour as PDF writes it: "r g b", each 0–1. */
export type Rgb = string;
export const rgbOf = (r: number, g: number, b: number): Rgb => `${r} ${g} ${b}`;
export const INK = rgbOf(0.1, 0.1, 0.12);
export const MUTED = rgbOf(0.42, 0.42, 0.46);
export const RULE = rgbOf(0.78, 0.78, 0.8);

const n = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
const rgb = (c: Rgb) => c;

/** PDF content operators for one page, in PDF's coordinates (points, origin bottom left). */
export class PageContent {
  private readonly ops: string[] = [];

  text(x: number, y: number, font: keyof typeof FONTS, size: number, s: string, color: Rgb = INK): void {
    this.textRow(y, font, size, [[x, s, color]]);
  }

  /**
   * Several pieces of one line in one text object: one font, each piece at its own x and colour.
   * A timeline of 100,000 lines is written this way, so one BT…ET per line rather than per piece
   * (Td moves relative to the previous piece's start).
   */
  textRow(y: number, font: keyof typeof FONTS, size: number, pieces: readonly (readonly [x: number, text: string, color: Rgb])[]): void {
    let ops = `BT /${FONTS[font]} ${n(size)} Tf`;
    let x0 = 0;
    let y0 = y;
    let color = "";
    for (const [x, s, c] of pieces) {
      if (s === "") continue;
      if (c !== color) ops += ` ${rgb(c)} rg`;
      color = c;
      ops += ` ${n(x - x0)} ${n(y0)} Td ${pdfString(pdfSafe(s))} Tj`;
      x0 = x;
      y0 = 0;
    }
    this.ops.push(`${ops} ET`);
  }

  line(x1: number, y1: number, x2: number, y2: number, color: Rgb = RULE, width = 0.5, dash: readonly number[] = []): void {
    this.ops.push(`q ${rgb(color)} RG ${n(width)} w [${dash.map(n).join(" ")}] 0 d ${n(x1)} ${n(y1)} m ${n(x2)} ${n(y2)} l S Q`);
  }

  /** Connected segments; each inner array is drawn as its own path (gaps in the data break the line). */
  polyline(paths: readonly (readonly [number, number])[][], color: Rgb, width = 1): void {
    const segments = paths.filter((p) => p.length > 0);
    if (segments.length === 0) return;
    const body = segments
      .map((p) => p.map(([x, y], i) => `${n(x)} ${n(y)} ${i === 0 ? "m" : "l"}`).join(" ") + (p.length === 1 ? ` ${n((p[0]?.[0] ?? 0) + 0.8)} ${n(p[0]?.[1] ?? 0)} l` : ""))
      .join(" ");
    this.ops.push(`q ${rgb(color)} RG ${n(width)} w 1 J 1 j ${body} S Q`);
  }

  rect(x: number, y: number, w: number, h: number, stroke: Rgb = RULE, width = 0.5): void {
    this.ops.push(`q ${rgb(stroke)} RG ${n(width)} w ${n(x)} ${n(y)} ${n(w)} ${n(h)} re S Q`);
  }

  toString(): string {
    return this.ops.join("\n");
  }
}

/** Courier's advance is 600/1000 em for every glyph, so columns line up by character count. */
export const monoWidth = (size: number) => size * 0.6;
