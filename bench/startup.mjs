// Time from navigation to the app being ready (the "app-ready" performance mark, set after
// the first render), in headless Chromium against a running server. Prints median, min and
// max for a cold cache (every load in a fresh browser context: empty HTTP cache, no service
// worker) and a warm cache (one context, after one unmeasured load: HTTP cache, compiled
// code cache and the service worker in place).
// Usage: node bench/startup.mjs http://127.0.0.1:8080/ [runs] [--md]
// With --md it also writes the section bench/out/startup.md.
import { chromium } from "@playwright/test";
import { CHROMIUM, chromiumArgs, ms, say, stats, table, verdict, withTimeout, writeSection } from "./lib.mjs";

const args = process.argv.slice(2).filter((a) => a !== "--md");
const markdown = process.argv.includes("--md");
const url = args[0] ?? "http://127.0.0.1:8080/";
const runs = Number(args[1] ?? 15);
const TARGET_MS = 500;

async function load(context) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector("html[data-app-ready]");
  const t = await page.evaluate(() => performance.getEntriesByName("app-ready")[0]?.startTime);
  await page.close();
  return t;
}

async function measure(warm) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
  const times = [];
  try {
    const shared = warm ? await browser.newContext() : null;
    if (warm) {
      await load(shared);
      // Let the service worker finish caching the shell before the measured loads.
      const page = await shared.newPage();
      await page.goto(url);
      await page.evaluate(() => navigator.serviceWorker?.ready);
      await page.waitForTimeout(500);
      await page.close();
    }
    for (let i = 0; i < runs; i++) {
      const context = warm ? shared : await browser.newContext();
      times.push(await withTimeout(30, "load", () => load(context)));
      if (!warm) await context.close();
    }
  } finally {
    await browser.close();
  }
  return stats(times);
}

const cold = await measure(false);
say("startup", "cold done");
const warm = await measure(true);
const fmt = (s) => `median ${s.median.toFixed(1)} ms (min ${s.min.toFixed(1)}, max ${s.max.toFixed(1)})`;
console.log(`navigation -> app ready, cold cache, ${runs} loads: ${fmt(cold)}`);
console.log(`navigation -> app ready, warm cache, ${runs} loads: ${fmt(warm)}`);

if (markdown) {
  writeSection(
    "startup",
    [
      "## Start-up",
      "",
      `Time from navigation start to the \`app-ready\` performance mark (set by the app after its ` +
        `first render, when \`html[data-app-ready]\` appears) on the overview, headless Chromium, ` +
        `${runs} loads each, loopback (no network throttling). Cold: every load in a fresh browser ` +
        `context (empty HTTP cache, no service worker). Warm: one context, after an unmeasured first ` +
        `load (HTTP cache, V8 code cache and the service worker in place).`,
      "",
      table(
        ["measure", "median", "min", "max", "loads", "target", "met?"],
        [
          ["navigation → app ready, cold cache", ms(cold.median), ms(cold.min), ms(cold.max), String(cold.n), "≤ 500 ms", verdict(cold.median, TARGET_MS, ms)],
          ["navigation → app ready, warm cache", ms(warm.median), ms(warm.min), ms(warm.max), String(warm.n), "", ""],
        ],
      ),
    ].join("\n"),
  );
}
