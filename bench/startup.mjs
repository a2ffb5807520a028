// Time from navigation to the app being ready (the "app-ready" performance mark),
// in headless Chromium against a running server. Prints median, min and max.
// Usage: node bench/startup.mjs http://127.0.0.1:8080/ [runs]
import { chromium } from "@playwright/test";

const url = process.argv[2] ?? "http://127.0.0.1:8080/";
const runs = Number(process.argv[3] ?? 15);
const args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"];

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1] };
};

async function measure(warm) {
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args });
  const times = [];
  const context = await browser.newContext();
  for (let i = 0; i < runs + (warm ? 1 : 0); i++) {
    const page = warm ? await context.newPage() : await (await browser.newContext()).newPage();
    await page.goto(url);
    await page.waitForSelector("html[data-app-ready]");
    const t = await page.evaluate(() => performance.getEntriesByName("app-ready")[0]?.startTime);
    if (!(warm && i === 0)) times.push(t);
    await page.close();
  }
  await browser.close();
  return stats(times);
}

const cold = await measure(false);
const warm = await measure(true);
const fmt = (s) => `median ${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`;
console.log(`navigation -> app ready, cold cache, ${runs} loads: ${fmt(cold)}`);
console.log(`navigation -> app ready, warm cache, ${runs} loads: ${fmt(warm)}`);
