// Draws the app's icons (PNG) from public/icons/*.svg with the test browser:
//   node scripts/icons.mjs
// The PNGs are committed; run this again only after changing an SVG.
import { chromium } from "@playwright/test";
import fs from "node:fs";

const out = [
  ["public/icons/icon.svg", "public/favicon.png", 48],
  ["public/icons/icon.svg", "public/icons/icon-192.png", 192],
  ["public/icons/icon.svg", "public/icons/icon-512.png", 512],
  ["public/icons/icon-maskable.svg", "public/icons/icon-maskable-512.png", 512],
];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
try {
  for (const [svg, png, size] of out) {
    const page = await browser.newPage({ viewport: { width: size, height: size } });
    const data = Buffer.from(fs.readFileSync(svg)).toString("base64");
    await page.setContent(
      `<body style="margin:0;background:transparent"><img src="data:image/svg+xml;base64,${data}" width="${size}" height="${size}" style="display:block"></body>`,
    );
    await page.screenshot({ path: png, omitBackground: true });
    await page.close();
    console.log(`${png}: ${fs.statSync(png).size} B`);
  }
} finally {
  await browser.close();
}
