// What the revision history costs: one proeftuin of about SIZE_KB is created on a fresh
// SQLite database and updated UPDATES times in a row with a small edit each (one
// stakeholder's text and the `changed` time), as a user editing a plan does. Prints the
// document size, the latency of one update (p50, mean, p99, sequential, one client) and the
// size of the database files after a clean stop (the server closes its connections, so
// SQLite moves the WAL into the database file).
//
//   node bench/history.mjs SERVER_BINARY PORT SIZE_KB UPDATES
//
// e.g. `node bench/history.mjs target/release/proeftuin-server 18092 30 1000`. The server
// listens on 127.0.0.1:PORT only and is stopped (by its pid) when the script ends.

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const [binary, port, sizeKb, updates] = process.argv.slice(2);
if (!binary || !port || !sizeKb || !updates) {
  console.error("usage: node bench/history.mjs SERVER_BINARY PORT SIZE_KB UPDATES");
  process.exit(2);
}
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const base = `http://127.0.0.1:${port}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ptw-history-"));
const dbFile = path.join(dir, "history.db");
fs.mkdirSync(path.join(dir, "dist"));

/** Deterministic words, so a text compresses like prose and not like a repeated string. */
let seed = 12345;
function word() {
  const words = ["werk", "kandidaat", "begeleiding", "afspraak", "leverancier", "opdrachtgever",
    "proeftuin", "plaatsing", "traject", "evaluatie", "monitoring", "partner", "doelgroep",
    "uren", "maand", "contract", "overleg", "risico", "mijlpaal", "coach", "opleiding", "team"];
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return words[seed % words.length] + (seed % 7 === 0 ? ` ${seed % 1000}` : "");
}
function sentence(n) {
  return Array.from({ length: n }, word).join(" ") + ".";
}

/** The bench document grown to about `kb` KB: more stakeholders (at most 500), longer texts. */
function grown(kb) {
  const doc = JSON.parse(fs.readFileSync(path.join(ROOT, "bench/server/document.json"), "utf8"));
  doc.id = "history-bench";
  const template = doc.stakeholders[0];
  let i = 0;
  while (JSON.stringify(doc).length < kb * 1000 && doc.stakeholders.length < 500) {
    doc.stakeholders.push({ ...template, id: `extra-${i}`, naam: `${template.naam} ${i}`, nodig: sentence(8) });
    i += 1;
  }
  for (let k = 0; JSON.stringify(doc).length < kb * 1000; k += 1) {
    const s = doc.stakeholders[k % doc.stakeholders.length];
    if (s.nodig.length < 9000) s.nodig += " " + sentence(20);
  }
  return doc;
}

async function request(method, url, headers, body) {
  const res = await fetch(base + url, { method, headers, body });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function main() {
  const server = spawn(binary, ["--addr", `127.0.0.1:${port}`, "--database-url", `sqlite://${dbFile}`,
    "--dist", path.join(dir, "dist")], { env: { ...process.env, RUST_LOG: "warn" }, stdio: ["ignore", "ignore", "inherit"] });
  const stop = () => { try { process.kill(server.pid, "SIGTERM"); } catch { /* gone */ } };
  process.on("exit", stop);
  for (let t = 0; ; t += 1) {
    try { if ((await fetch(base + "/api/health")).ok) break; } catch { /* not yet */ }
    if (t > 100) throw new Error("the server did not start");
    await new Promise((r) => setTimeout(r, 100));
  }
  const doc = grown(Number(sizeKb));
  const created = await request("POST", "/api/proeftuinen", { "content-type": "application/json" }, JSON.stringify(doc));
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.json)}`);
  const secret = created.json.edit_secret;
  let revision = 1;
  const times = [];
  for (let k = 0; k < Number(updates); k += 1) {
    const s = doc.stakeholders[(k * 7919) % doc.stakeholders.length];
    s.nodig = `Wijziging ${k}: ` + s.nodig.replace(/^Wijziging \d+: /, "");
    doc.changed = new Date(Date.parse(doc.changed) + 30_000).toISOString();
    const body = JSON.stringify(doc);
    const t0 = performance.now();
    const r = await request("PUT", `/api/proeftuinen/${doc.id}`, {
      "content-type": "application/json", "x-proeftuin-secret": secret, "if-match": `"${revision}"`,
    }, body);
    times.push(performance.now() - t0);
    if (r.status !== 200) throw new Error(`update ${k}: ${r.status} ${JSON.stringify(r.json)}`);
    revision = r.json.revision;
  }
  const list = await request("GET", `/api/proeftuinen/${doc.id}/revisions`, { "x-proeftuin-secret": secret });
  const exit = new Promise((r) => server.on("exit", r));
  stop();
  await exit;
  const bytes = ["", "-wal", "-shm"].map((s) => (fs.existsSync(dbFile + s) ? fs.statSync(dbFile + s).size : 0));
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  const mean = times.reduce((a, b) => a + b, 0) / times.length;
  console.log(JSON.stringify({
    document_bytes: JSON.stringify(doc).length, updates: Number(updates), kept_revisions: list.json.length,
    update_ms: { p50: +at(0.5).toFixed(3), mean: +mean.toFixed(3), p99: +at(0.99).toFixed(3) },
    database_bytes: bytes[0], wal_bytes: bytes[1], shm_bytes: bytes[2],
  }));
  fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => { console.error(e); process.exit(1); });
