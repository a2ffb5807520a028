// Puts bench/RESULTS.md together: a header describing the machine and the versions, the
// targets at a glance (every row of a section whose target column holds a bound), and the
// sections bench/out/*.md in a fixed order. Prints it.
// Usage: node bench/report.mjs SECONDS_TAKEN "LOAD_AVERAGE_AT_START"
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { OUT, ROOT, CHROMIUM } from "./lib.mjs";

const seconds = Number(process.argv[2] ?? NaN);
const loadAtStart = process.argv[3] ?? "";
const require = createRequire(import.meta.url);

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "unknown";
  }
};
const cpuinfo = fs.readFileSync("/proc/cpuinfo", "utf8");
const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? "unknown";
const cpuCount = (cpuinfo.match(/^processor\s*:/gm) ?? []).length || os.cpus().length;
const memKb = Number(/^MemTotal:\s*(\d+)/m.exec(fs.readFileSync("/proc/meminfo", "utf8"))?.[1] ?? 0);
const osName = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(fs.readFileSync("/etc/os-release", "utf8"))?.[1] ?? os.type();
const version = (pkg) => {
  try {
    return require(`${pkg}/package.json`).version;
  } catch {
    return "not installed";
  }
};
const dirty = sh("git", ["status", "--porcelain", "--untracked-files=no"]) !== "";

const header = [
  "# Benchmark results",
  "",
  "Made by `make bench` (`bench/run.sh`). Every figure is the median of repeated runs, with the min",
  "and max; the number of runs is in each table. The targets are those of the benchmark issue.",
  "",
  "| | |",
  "| --- | --- |",
  `| date | ${new Date().toISOString().replace(/\.\d+Z$/, "Z")} |`,
  `| machine | ${cpuModel}, ${cpuCount} CPUs, ${(memKb / 1024 / 1024).toFixed(1)} GiB RAM |`,
  `| OS | ${osName}, Linux ${os.release()} |`,
  `| load average at start (1, 5, 15 min) | ${loadAtStart || "unknown"} |`,
  `| Chromium | ${sh(CHROMIUM, ["--version"])} (headless) |`,
  `| Node | ${process.version} |`,
  `| rustc | ${sh("rustc", ["--version"])} |`,
  `| Playwright, Lighthouse | ${version("@playwright/test")}, ${version("lighthouse")} |`,
  `| git commit | ${sh("git", ["rev-parse", "--short", "HEAD"])}${dirty ? " (with uncommitted changes)" : ""} |`,
  `| time taken | ${Number.isFinite(seconds) ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : "unknown"} |`,
];

const order = ["first-load", "startup", "lighthouse", "editing", "server"];
const sections = order.map((name) => {
  const file = path.join(OUT, `${name}.md`);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8").trim() : `## ${name}\n\nNo result (bench/out/${name}.md is missing).`;
});

// Targets at a glance: rows whose second-last cell is a bound ("≤ …" or "≥ …").
const glance = [];
sections.forEach((text) => {
  const title = /^## (.+)$/m.exec(text)?.[1] ?? "";
  for (const line of text.split("\n")) {
    if (!line.startsWith("|")) continue;
    const cells = line.split("|").slice(1, -1).map((c) => c.trim());
    if (cells.length < 4 || !/^[≤≥<>]/.test(cells.at(-2))) continue;
    glance.push(`| ${title} | ${cells[0]} | ${cells[1]} | ${cells.at(-2)} | ${cells.at(-1)} |`);
  }
});

const text = [
  ...header,
  "",
  "## Targets at a glance",
  "",
  "| part | measure | median | target | met? |",
  "| --- | --- | --- | --- | --- |",
  ...glance,
  "",
  "The server's targets are in its own section below.",
  "",
  ...sections.flatMap((s) => [s, ""]),
].join("\n");
fs.writeFileSync(path.join(ROOT, "bench", "RESULTS.md"), text);
process.stdout.write(text);
