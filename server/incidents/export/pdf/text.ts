import "server-only";

/**
 * Text for the PDF's standard fonts (Helvetica, Courier), which use WinAnsiEncoding: Latin-1
 * plus a few typographic characters at 0x80–0x9F. Anything else becomes "?", arrows "->".
 * The result is written as a PDF literal string with octal escapes, so the content stream is ASCII.
 */
const WIN_ANSI_EXTRA: Readonly<Record<string, number>> = {
  "€": 0x80, "‚": 0x82, "ƒ": 0x83, "„": 0x84, "…": 0x85, "†": 0x86, "‡": 0x87, "ˆ": 0x88, "‰": 0x89,
  "Š": 0x8a, "‹": 0x8b, "Œ": 0x8c, "Ž": 0x8e, "‘": 0x91, "’": 0x92, "“": 0x93, "”": 0x94, "•": 0x95,
  "–": 0x96, "—": 0x97, "˜": 0x98, "™": 0x99, "š": 0x9a, "›": 0x9b, "œ": 0x9c, "ž": 0x9e, "Ÿ": 0x9f,
};
const REPLACE: Readonly<Record<string, string>> = { "→": "->", "←": "<-", "≥": ">=", "≤": "<=", "✓": "v", "×": "x" };

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Plain text as the fonts can show it: one char per glyph; line breaks, tabs and other whitespace as spaces. */
export function pdfSafe(s: string): string {
  // Nearly every line of a timeline is plain ASCII: skip the per-character walk for those.
  if (PRINTABLE_ASCII.test(s)) return s;
  let out = "";
  for (const ch of s.replace(/[^\S ]+/g, " ")) {
    const replaced = REPLACE[ch];
    if (replaced !== undefined) out += replaced;
    else {
      const code = ch.codePointAt(0) ?? 0x3f;
      out += (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA[ch] !== undefined ? ch : "?";
    }
  }
  return out;
}

/** A PDF literal string `( … )` of already-safe text: `\\ ( )` escaped, anything outside ASCII as an octal byte. */
export function pdfString(safe: string): string {
  const escaped = safe.replace(/[\\()]/g, "\\$&");
  if (PRINTABLE_ASCII.test(escaped)) return `(${escaped})`;
  return `(${escaped.replace(/[^\x20-\x7e]/g, (ch) => `\\${(WIN_ANSI_EXTRA[ch] ?? ch.codePointAt(0) ?? 0x3f).toString(8).padStart(3, "0")}`)})`;
}

/** Splits safe text into lines of at most `width` characters (monospace), breaking at spaces where it can. */
export function wrap(safe: string, width: number): string[] {
  if (width < 1) return [safe];
  const lines: string[] = [];
  let rest = safe.trim();
  while (rest.length > width) {
    const cut = rest.lastIndexOf(" ", width);
    const at = cut > width / 2 ? cut : width;
    lines.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  lines.push(rest);
  return lines;
}

/** Cuts safe text to `width` characters with a trailing "...". */
export function clip(safe: string, width: number): string {
  return safe.length <= width ? safe : `${safe.slice(0, Math.max(0, width - 3))}...`;
}
