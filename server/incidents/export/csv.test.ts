import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";
import { parseCsv } from "./testing";

describe("CSV cells", () => {
  it("quotes commas, quotes and line breaks per RFC 4180, and round-trips", () => {
    const cells = ["plain", 'said "go"', "a,b", "line1\nline2", "", null, 42];
    const row = csvRow(cells);
    expect(row).toBe('plain,"said ""go""","a,b","line1\nline2",,,42\r\n');
    expect(parseCsv(row)).toEqual([["plain", 'said "go"', "a,b", "line1\nline2", "", "", "42"]]);
  });

  it("defuses cells a spreadsheet would run as formulas", () => {
    expect(csvCell("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(["+1", "-1", "@SUM(A1)", "\tcmd"].map(csvCell)).toEqual(["'+1", "'-1", "'@SUM(A1)", "'\tcmd"]);
    expect(csvCell("2026-03-01T12:00:00.000Z")).toBe("2026-03-01T12:00:00.000Z");
  });
});
