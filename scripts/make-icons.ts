/**
 * Renders public/icon.svg to the PNG sizes and the favicon.ico the console ships (issue 15 §4),
 * with the same Chromium the browser tests use: `npx tsx scripts/make-icons.ts`. Re-run after
 * changing the SVG. The .ico holds PNG images (allowed since Windows Vista; every browser reads it).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { chromium } from "@playwright/test";

const SIZES = { "icon-192.png": 192, "icon-512.png": 512, "apple-touch-icon.png": 180 } as const;
const ICO_SIZES = [16, 32, 48] as const;

function ico(images: { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, png }) => {
    const e = Buffer.alloc(16);
    e.writeUInt8(size % 256, 0);
    e.writeUInt8(size % 256, 1);
    e.writeUInt16LE(1, 4);
    e.writeUInt16LE(32, 6);
    e.writeUInt32LE(png.length, 8);
    e.writeUInt32LE(offset, 12);
    offset += png.length;
    return e;
  });
  return Buffer.concat([header, ...entries, ...images.map((i) => i.png)]);
}

async function main() {
  const svg = readFileSync("public/icon.svg", "utf8");
  const browser = await chromium.launch({ executablePath: process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox"] });
  const page = await browser.newPage();
  const render = async (size: number) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg.replace("<svg ", `<svg width="${size}" height="${size}" `)}</body></html>`);
    return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  };
  for (const [file, size] of Object.entries(SIZES)) writeFileSync(`public/${file}`, await render(size));
  const images = [];
  for (const size of ICO_SIZES) images.push({ size, png: await render(size) });
  writeFileSync("public/favicon.ico", ico(images));
  await browser.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
