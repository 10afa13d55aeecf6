import { expect, it } from "vitest";
import { INK, MUTED, PageContent } from "./page";

it("writes a row of pieces as one text object: the first Td absolute, the rest relative to the piece before, empty pieces skipped", () => {
  const page = new PageContent();
  page.textRow(700.5, "mono", 7, [
    [40, "12:00:05.250", INK],
    [61, "signal", MUTED],
    [80, "", MUTED],
    [120, "Health (api) → down", MUTED],
  ]);
  expect(page.toString()).toBe(
    `BT /F3 7 Tf ${INK} rg 40 700.50 Td (12:00:05.250) Tj ${MUTED} rg 21 0 Td (signal) Tj 59 0 Td (Health \\(api\\) -> down) Tj ET`,
  );
});

it("writes one piece the way text() does", () => {
  const row = new PageContent();
  row.textRow(10, "regular", 8, [[5, "Recovery figures", INK]]);
  const text = new PageContent();
  text.text(5, 10, "regular", 8, "Recovery figures", INK);
  expect(row.toString()).toBe(text.toString());
});
