// Shared helpers of the benchmarks: Chromium flags, statistics, target checks and the
// Markdown sections that bench/run.sh collects into bench/RESULTS.md.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const OUT = path.join(ROOT, "bench", "out");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The flags of playwright.config.ts (no network of its own, no sandbox, no GPU). */
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Median, min and max of a list of numbers (the median of an even count is the mean of the middle two). */
export function stats(xs) {
  if (xs.length === 0) return { median: NaN, min: NaN, max: NaN, n: 0 };
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median, min: s[0], max: s[s.length - 1], n: s.length };
}

export const ms = (x, digits = 1) => (Number.isFinite(x) ? `${x.toFixed(digits)} ms` : "–");
export const bytes = (x) => (Number.isFinite(x) ? `${Math.round(x).toLocaleString("en-US")} B` : "–");
export const kb = (x) => (Number.isFinite(x) ? `${(x / 1000).toFixed(1)} KB` : "–");

/**
 * Whether a measured median meets an upper bound, and by how much it misses it.
 * `fmt` formats a value of the unit (e.g. `ms`).
 */
export function verdict(value, limit, fmt) {
  if (!Number.isFinite(value)) return "not measured";
  if (value <= limit) return `met (${Math.round((value / limit) * 100)}% of target)`;
  const over = value - limit;
  return `**missed** by ${fmt(over)} (+${Math.round((over / limit) * 100)}%)`;
}

/** One Markdown table row. */
export const row = (cells) => `| ${cells.join(" | ")} |`;

/** A Markdown table from a header and rows of cells. */
export function table(header, rows) {
  return [row(header), row(header.map(() => "---")), ...rows.map(row)].join("\n");
}

/** Writes bench/out/<name>.md (a section of RESULTS.md) and echoes it to stdout. */
export function writeSection(name, markdown) {
  fs.mkdirSync(OUT, { recursive: true });
  const text = markdown.trimEnd() + "\n";
  fs.writeFileSync(path.join(OUT, `${name}.md`), text);
  process.stdout.write(text + "\n");
}

/** Progress to stderr, so stdout stays the Markdown. */
export const say = (part, ...a) => process.stderr.write(`bench ${part}: ${a.join(" ")}\n`);

/** Runs `f` and fails after `seconds`. */
export async function withTimeout(seconds, what, f) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result after ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([f(), limit]);
  } finally {
    clearTimeout(timer);
  }
}
