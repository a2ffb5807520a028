// Usage: node bench/server.mjs
//   Env: BENCH_SECONDS=5 BENCH_RUNS=3 BENCH_CLIENTS=1,8,64 BENCH_BACKENDS=sqlite,postgres,json-server
//        PROEFTUIN_SERVER_BIN=target/release/proeftuin-server (built with cargo when missing)
//
// Server figures, reproducible with one command: requests per second and p50/p99 latency of
// reads and of updates (If-Match revision check, durable commit) at 1, 8 and 64 concurrent
// clients, for our server on SQLite and on PostgreSQL, and the same load against json-server
// on the same machine in the same run, as a ratio. Then durability: each server is killed
// with SIGKILL in the middle of a stream of updates and restarted, and every acknowledged
// write is looked up again.
//
// Load generator: autocannon (pinned in package.json). Every virtual client is one
// autocannon instance with one keep-alive connection and its own document, so an update
// can carry the revision forward from the ETag of its own previous answer (autocannon's
// per-connection `context` is reset after each pass through `requests`, so it cannot hold
// the revision). Latencies of all clients of a run are merged before the percentiles.
//
// json-server 0.17.4 is the classic release (the registry's `latest`; 1.0 is still beta):
// `json-server --host --port --quiet db.json`. Its CLI stores through lowdb's FileAsync
// adapter: after a write it starts an asynchronous rewrite of the whole db.json (steno: a
// temporary file, then rename; no fsync) and answers without waiting for it. It has no
// revision check, so its updates are plain PUTs of the same body.
//
// Everything runs on 127.0.0.1, on ports the servers or the OS choose, in a temporary
// folder; PostgreSQL is a throwaway cluster of scripts/postgres.sh in that folder
// (PROEFTUIN_PG_DIR), switched to durable settings (fsync, synchronous_commit and
// full_page_writes on: the script's defaults are for fast tests). Only processes started
// here are stopped, also on an error or Ctrl-C. Progress goes to stderr; the Markdown
// section goes to stdout and to bench/out/server.md. Exit 0 when the benchmark ran (a missed
// target is reported in the table), 1 when it could not run.
import autocannon from "autocannon";
import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CLIENTS = (process.env.BENCH_CLIENTS ?? "1,8,64").split(",").map(Number);
const BACKENDS = (process.env.BENCH_BACKENDS ?? "sqlite,postgres,json-server").split(",");
const WARMUP_SECONDS = 1;
const DOCS = Math.max(...CLIENTS);
/** Durability: clients streaming updates, kill rounds, acknowledgements before each kill. */
const DUR_CLIENTS = 8;
const DUR_ROUNDS = 3;
const DUR_KILL_AFTER = 100; // times the round number
const DUR_DEADLINE_MS = 15_000;
const REQUEST_TIMEOUT_MS = 10_000;
const UPDATE_TARGET = 5;

const NAMES = { sqlite: "SQLite", postgres: "PostgreSQL", "json-server": "json-server" };
const started = Date.now();
const say = (...a) => process.stderr.write(`server bench: ${a.join(" ")}\n`);

// ---------------------------------------------------------------------------------------------
// Processes and cleanup: only what this script started.
// ---------------------------------------------------------------------------------------------

const children = new Set();
let tmp = null;
let pg = null; // { dir, url, bin }
let cleanedUp = false;

function cleanup() {
  if (cleanedUp) return;
  cleanedUp = true;
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {}
    }
  }
  children.clear();
  if (pg) {
    spawnSync(path.join(ROOT, "scripts/postgres.sh"), ["stop"], {
      env: { ...process.env, PROEFTUIN_PG_DIR: pg.dir },
      stdio: ["ignore", "ignore", "inherit"],
    });
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(signal, () => {
    say(`${signal}: cleaning up`);
    cleanup();
    process.exit(130);
  });
}
process.on("exit", cleanup);

/** Runs a command to completion; throws with its stderr when it fails. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  if (r.status !== 0) {
    throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${(r.stderr ?? "").trim()}`);
  }
  return r.stdout ?? "";
}

/** A child whose last output is kept for error messages. */
function launch(cmd, args, opts) {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"], ...opts });
  children.add(child);
  child.output = "";
  const keep = (chunk) => {
    child.output = (child.output + chunk).slice(-4000);
  };
  child.stdout.setEncoding("utf8").on("data", keep);
  child.stderr.setEncoding("utf8").on("data", keep);
  child.exited = new Promise((resolve) => child.on("exit", resolve));
  return child;
}

/** SIGKILL and reap. */
async function kill(child) {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await child.exited;
  children.delete(child);
}

/** SIGTERM (our server and json-server stop at once), SIGKILL after 5 s. */
async function stop(child) {
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await child.exited;
  clearTimeout(timer);
  children.delete(child);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP for setup and durability (the measured load is autocannon's)
// ---------------------------------------------------------------------------------------------

async function http(base, method, p, { headers = {}, body } = {}) {
  const res = await fetch(base + p, {
    method,
    headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
    body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {}
  return { status: res.status, etag: res.headers.get("etag"), json, text };
}

const revisionOf = (etag) => Number(String(etag ?? "").replace(/^W\//, "").replace(/"/g, ""));

// ---------------------------------------------------------------------------------------------
// Documents: the voorbeeld "ey-itvitae" (what tests/crash.rs stores), one per client, and an
// update body of constant size: only afronden.notities changes.
// ---------------------------------------------------------------------------------------------

const TEMPLATE = JSON.parse(fs.readFileSync(path.join(ROOT, "bench/server/document.json"), "utf8"));
const MARK = "\u0001NOTE\u0001";

function bodyMaker(id) {
  const doc = structuredClone(TEMPLATE);
  doc.id = id;
  doc.afronden.notities = MARK;
  const [pre, post] = JSON.stringify(doc).split(JSON.stringify(MARK));
  const body = (note) => Buffer.from(pre + JSON.stringify(note) + post);
  return { first: JSON.stringify({ ...doc, afronden: { ...doc.afronden, notities: "" } }), body };
}

/** Fixed width, so every update body has the same size. */
const note = (who, k) => `bench ${who} wijziging ${String(k).padStart(9, "0")}`;

// ---------------------------------------------------------------------------------------------
// The servers
// ---------------------------------------------------------------------------------------------

function serverBinary() {
  const bin = process.env.PROEFTUIN_SERVER_BIN ?? path.join(ROOT, "target/release/proeftuin-server");
  if (!fs.existsSync(bin)) {
    say(`${bin} is missing: cargo build --release -p proeftuin-server --locked`);
    run("cargo", ["build", "--release", "-p", "proeftuin-server", "--locked"], {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    });
  }
  return bin;
}

/** Our server on `databaseUrl`; resolves when it says where it listens. */
async function startOurs(bin, databaseUrl) {
  const dist = path.join(tmp, "dist");
  fs.mkdirSync(dist, { recursive: true });
  const env = { ...process.env, RUST_LOG: "warn" };
  for (const v of ["DATABASE_URL", "PROEFTUIN_ADDR", "PROEFTUIN_DIST", "PROEFTUIN_LOG_JSON"]) {
    delete env[v];
  }
  const child = launch(
    bin,
    ["--addr", "127.0.0.1:0", "--database-url", databaseUrl, "--dist", dist],
    { env },
  );
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const m = child.output.match(/http:\/\/(127\.0\.0\.1:\d+)/);
    if (m) {
      child.base = `http://${m[1]}`;
      return child;
    }
    if (child.exitCode !== null) break;
    await sleep(20);
  }
  await kill(child);
  throw new Error(`proeftuin-server did not start on ${databaseUrl}:\n${child.output}`);
}

const JSON_SERVER_BIN = require.resolve("json-server/lib/cli/bin.js");
const JSON_SERVER_VERSION = require("json-server/package.json").version;
const AUTOCANNON_VERSION = require("autocannon/package.json").version;

/** json-server on `dbFile`; resolves when it answers, or null when it exits first. */
async function startJsonServer(dbFile, probeId) {
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = launch(
      process.execPath,
      [JSON_SERVER_BIN, "--host", "127.0.0.1", "--port", String(port), "--quiet", dbFile],
      { cwd: path.dirname(dbFile) },
    );
    child.base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        const r = await http(child.base, "GET", `/proeftuinen/${probeId}`);
        if (r.status === 200) return child;
      } catch {}
      await sleep(50);
    }
    const output = child.output;
    await kill(child);
    if (/EADDRINUSE/.test(output)) continue;
    return { failed: true, output };
  }
  throw new Error("json-server found no free port");
}

function pgBin() {
  const versions = fs.existsSync("/usr/lib/postgresql") ? fs.readdirSync("/usr/lib/postgresql") : [];
  versions.sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = `/usr/lib/postgresql/${v}/bin`;
    if (fs.existsSync(`${dir}/pg_ctl`)) return dir;
  }
  throw new Error("no PostgreSQL server binaries found");
}

/** As the cluster's owner: `postgres` when we are root (as scripts/postgres.sh does). */
const asOwner = (cmd, args) =>
  process.getuid() === 0 ? run("runuser", ["-u", "postgres", "--", cmd, ...args]) : run(cmd, args);

const psql = (url, ...commands) =>
  run("psql", ["-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", url, ...commands.flatMap((c) => ["-c", c])]).trim();

function pgStart(dir) {
  const url = run(path.join(ROOT, "scripts/postgres.sh"), ["start"], {
    env: { ...process.env, PROEFTUIN_PG_DIR: dir },
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  if (!url.startsWith("postgres://")) throw new Error(`scripts/postgres.sh printed ${url}`);
  return url;
}

function startPostgres() {
  const dir = path.join(tmp, "pg");
  pg = { dir };
  pg.url = pgStart(dir);
  pg.bin = pgBin();
  // Durable commits for a fair figure (the test cluster turns these off for speed).
  psql(
    pg.url,
    "ALTER SYSTEM SET fsync = on",
    "ALTER SYSTEM SET synchronous_commit = on",
    "ALTER SYSTEM SET full_page_writes = on",
    "SELECT pg_reload_conf()",
  );
  const settings = psql(pg.url, "SELECT string_agg(name || '=' || setting, ' ' ORDER BY name) FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'full_page_writes')");
  pg.version = psql(pg.url, "SHOW server_version").split(" ")[0];
  say(`PostgreSQL ${pg.version} at ${pg.url} (${settings})`);
  if (/=off/.test(settings)) throw new Error(`PostgreSQL is not durable: ${settings}`);
}

/** A fresh database on the cluster; its URL. */
function pgDatabase(name) {
  psql(pg.url, `DROP DATABASE IF EXISTS ${name}`, `CREATE DATABASE ${name}`);
  return pg.url.replace(/\/[^/]*$/, `/${name}`);
}

/** PostgreSQL itself crashes: immediate shutdown (no checkpoint; WAL recovery at start). */
function pgCrashAndRestart() {
  asOwner(`${pg.bin}/pg_ctl`, ["stop", "-D", path.join(pg.dir, "data"), "-m", "immediate"]);
  pg.url = pgStart(pg.dir);
}

// ---------------------------------------------------------------------------------------------
// A backend under load: its documents, their secrets and current revisions
// ---------------------------------------------------------------------------------------------

/** Creates `n` documents; returns [{id, path, headers, rev, k, body}] for the load. */
async function createOurs(base, n, prefix) {
  const docs = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${String(i).padStart(2, "0")}`;
    const maker = bodyMaker(id);
    const r = await http(base, "POST", "/api/proeftuinen", { body: maker.first });
    if (r.status !== 201) throw new Error(`create ${id}: ${r.status} ${r.text.slice(0, 300)}`);
    docs.push({
      id,
      path: `/api/proeftuinen/${id}`,
      headers: { "x-proeftuin-secret": r.json.edit_secret },
      rev: r.json.revision,
      k: 0,
      body: maker.body,
      first: r.json.document,
    });
  }
  return docs;
}

/** db.json with the same documents; returns the same shape as createOurs. */
function createJsonServerDb(file, n, prefix) {
  const docs = [];
  const records = [];
  for (let i = 0; i < n; i++) {
    const id = `${prefix}-${String(i).padStart(2, "0")}`;
    const maker = bodyMaker(id);
    records.push(JSON.parse(maker.first));
    docs.push({ id, path: `/proeftuinen/${id}`, headers: {}, rev: null, k: 0, body: maker.body });
  }
  fs.writeFileSync(file, JSON.stringify({ proeftuinen: records }, null, 2));
  return docs;
}

// ---------------------------------------------------------------------------------------------
// Measuring: one autocannon instance per client, one connection each
// ---------------------------------------------------------------------------------------------

const header = (headers, name) => {
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === name) return v;
  return undefined;
};

function oneClient(base, doc, op, seconds, latencies, counts, who) {
  const request =
    op === "read"
      ? { method: "GET", path: doc.path, headers: doc.headers }
      : {
          method: "PUT",
          path: doc.path,
          setupRequest: (req) => {
            doc.k += 1;
            const headers = { ...doc.headers, "content-type": "application/json" };
            if (doc.rev !== null) headers["if-match"] = `"${doc.rev}"`;
            return { ...req, headers, body: doc.body(note(who, doc.k)) };
          },
          onResponse: (status, _body, _context, headers) => {
            if (doc.rev === null) return; // json-server: no revisions
            const etag = header(headers, "etag");
            if ((status === 200 || status === 412) && etag) doc.rev = revisionOf(etag);
          },
        };
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      { url: base, connections: 1, pipelining: 1, duration: seconds, timeout: 10, requests: [request] },
      (err, result) => (err ? reject(err) : resolve(result)),
    );
    instance.on("response", (_client, status, _bytes, ms) => {
      latencies.push(ms);
      counts[status] = (counts[status] ?? 0) + 1;
    });
  });
}

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** One run: `clients` clients for `seconds`; req/s of 2xx answers, p50 and p99 in ms. */
async function measure(base, docs, op, clients, seconds) {
  // An update cut off at the end of the previous run may have been saved unseen: start
  // every client from its document's current revision, so no update meets a 412.
  for (const doc of docs.slice(0, clients)) {
    if (op === "update" && doc.rev !== null) {
      doc.rev = (await http(base, "GET", doc.path, { headers: doc.headers })).json.revision;
    }
  }
  const latencies = [];
  const counts = {};
  const results = await Promise.all(
    docs.slice(0, clients).map((doc, i) =>
      oneClient(base, doc, op, seconds, latencies, counts, `c${String(i).padStart(2, "0")}`),
    ),
  );
  const ok = results.reduce((s, r) => s + r["2xx"] / r.duration, 0);
  const errors = results.reduce((s, r) => s + r.errors + r.timeouts, 0);
  latencies.sort((a, b) => a - b);
  const non2xx = Object.entries(counts)
    .filter(([s]) => !s.startsWith("2"))
    .reduce((m, [s, n]) => ({ ...m, [s]: n }), {});
  return { rps: ok, p50: percentile(latencies, 50), p99: percentile(latencies, 99), non2xx, errors };
}

// ---------------------------------------------------------------------------------------------
// Durability: SIGKILL mid-stream, restart, look up every acknowledged write
// ---------------------------------------------------------------------------------------------

/**
 * Streams updates from every doc's own client until `stop.now`; records acknowledged writes.
 * Ours: `acked[doc.id]` maps revision -> confirmed document. json-server: the last k per doc.
 */
function stream(base, docs, round, log, stop) {
  return Promise.all(
    docs.map(async (doc, c) => {
      while (!stop.now) {
        doc.k += 1;
        const k = doc.k;
        const headers = { ...doc.headers };
        if (doc.rev !== null) headers["if-match"] = `"${doc.rev}"`;
        let r;
        try {
          r = await http(base, "PUT", doc.path, {
            headers,
            body: doc.body(note(`r${round}c${c}`, k)),
          });
        } catch {
          log.unanswered += 1;
          return;
        }
        if (r.status === 200) {
          log.acks += 1;
          if (doc.rev !== null) {
            doc.rev = r.json.revision;
            log.acked[doc.id].set(r.json.revision, JSON.stringify(r.json.document));
          } else {
            const prev = log.lastAcked[doc.id]?.ks ?? [];
            log.lastAcked[doc.id] = { k, note: r.json.afronden.notities, ks: [...prev, k] };
          }
        } else if (r.status === 412) {
          log.stale += 1;
          doc.rev = r.json.revision;
        } else {
          log.other += 1;
          log.otherExample ??= `${r.status} ${r.text.slice(0, 200)}`;
          return;
        }
      }
    }),
  );
}

async function killMidStream(server, docs, round, log, extraCrash) {
  const stop = { now: false };
  const before = log.acks;
  const streaming = stream(server.base, docs, round, log, stop);
  const target = before + DUR_KILL_AFTER * round;
  const deadline = Date.now() + DUR_DEADLINE_MS;
  while (log.acks < target && Date.now() < deadline && log.other === 0) await sleep(1);
  const ackedAtKill = log.acks - before;
  await kill(server);
  if (extraCrash) extraCrash();
  stop.now = true;
  await streaming;
  log.kills += 1;
  log.perRound.push(ackedAtKill);
}

/** Our server: every acknowledged revision is there with the confirmed document. */
async function checkOurs(base, docs, log) {
  let lost = 0;
  let checked = 0;
  for (const doc of docs) {
    const acked = log.acked[doc.id];
    const list = await http(base, "GET", `${doc.path}/revisions`, { headers: doc.headers });
    if (list.status !== 200) {
      lost += acked.size;
      continue;
    }
    const present = new Set(list.json.map((r) => r.revision));
    const missing = [...acked.keys()].filter((n) => !present.has(n));
    lost += missing.length;
    const toCheck = [...acked.entries()].filter(([n]) => present.has(n));
    for (let i = 0; i < toCheck.length; i += 16) {
      const answers = await Promise.all(
        toCheck.slice(i, i + 16).map(([n]) =>
          http(base, "GET", `${doc.path}/revisions/${n}`, { headers: doc.headers }),
        ),
      );
      answers.forEach((a, j) => {
        checked += 1;
        if (a.status !== 200 || JSON.stringify(a.json.document) !== toCheck[i + j][1]) lost += 1;
      });
    }
    // The next update must start from the current revision.
    const current = await http(base, "GET", doc.path, { headers: doc.headers });
    doc.rev = current.json.revision;
  }
  return { lost, checked };
}

async function durabilityOurs(bin, name, databaseUrl, crashDatabase) {
  let url = databaseUrl;
  let server = await startOurs(bin, url);
  const docs = await createOurs(server.base, DUR_CLIENTS, `durable-${name}`);
  const log = { acks: 0, unanswered: 0, stale: 0, other: 0, kills: 0, perRound: [], lost: 0, checked: 0, acked: {} };
  for (const d of docs) log.acked[d.id] = new Map([[1, JSON.stringify(d.first)]]);
  const crashes = [];
  for (let round = 1; round <= DUR_ROUNDS; round++) {
    const crash = crashDatabase && round === DUR_ROUNDS;
    await killMidStream(server, docs, round, log, crash ? () => (url = crashDatabase()) : null);
    if (crash) crashes.push(round);
    server = await startOurs(bin, url);
    // Every round checks all acknowledged revisions so far; count each loss once (the last check).
    const { lost, checked } = await checkOurs(server.base, docs, log);
    log.lost = lost;
    log.checked = checked;
  }
  await stop(server);
  return { ...log, crashes, acked: undefined };
}

async function durabilityJsonServer() {
  const dir = path.join(tmp, "json-server-durable");
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "db.json");
  let docs = createJsonServerDb(file, DUR_CLIENTS, "durable");
  const log = { acks: 0, unanswered: 0, stale: 0, other: 0, kills: 0, perRound: [], lost: 0, checked: 0, lastAcked: {}, unreadable: 0 };
  let server = await startJsonServer(file, docs[0].id);
  if (server.failed) throw new Error(`json-server did not start:\n${server.output}`);
  for (let round = 1; round <= DUR_ROUNDS; round++) {
    log.lastAcked = {};
    const acksBefore = log.acks;
    await killMidStream(server, docs, round, log, null);
    const restarted = await startJsonServer(file, docs[0].id);
    if (restarted.failed) {
      // db.json cut off mid-write: json-server cannot read it; everything in it is gone.
      log.unreadable += 1;
      log.lost += log.acks - acksBefore;
      say(`json-server round ${round}: restart failed: ${restarted.output.trim().split("\n").slice(-2).join(" ")}`);
      docs = createJsonServerDb(file, DUR_CLIENTS, "durable");
      server = await startJsonServer(file, docs[0].id);
      continue;
    }
    server = restarted;
    for (const doc of docs) {
      const last = log.lastAcked[doc.id];
      if (!last) continue;
      log.checked += 1;
      const r = await http(server.base, "GET", doc.path);
      const stored = r.status === 200 ? r.json.afronden?.notities ?? "" : "";
      const storedK = Number(stored.match(/wijziging (\d+)$/)?.[1] ?? 0);
      const storedRound = stored.match(/bench r(\d+)c/)?.[1];
      // Acknowledged writes of this round newer than what is stored are lost.
      if (stored !== last.note) {
        log.lost += last.ks.filter((k) => Number(storedRound) !== round || k > storedK).length;
      }
    }
  }
  await stop(server);
  return { ...log, lastAcked: undefined };
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

function stats(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return { median: s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2, min: s[0], max: s[s.length - 1] };
}

const fmtRps = (x) => (x >= 100 ? Math.round(x).toString() : x.toFixed(1));
const fmtMs = (x) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const fmtStat = (st, f) => `${f(st.median)} (${f(st.min)}–${f(st.max)})`;

function render(results, durability, meta) {
  const lines = [];
  const out = (s = "") => lines.push(s);
  out("## Server");
  out();
  out(
    `\`node bench/server.mjs\` on ${meta.cpu}, ${meta.cores} cores, ${meta.date}; Node ${process.versions.node}, ` +
      `autocannon ${AUTOCANNON_VERSION}, json-server ${JSON_SERVER_VERSION}` +
      (meta.pg ? `, PostgreSQL ${meta.pg}` : "") +
      `. Server: \`${meta.bin}\` (built ${meta.binBuilt}). ` +
      `Each figure is the median of ${RUNS} runs of ${SECONDS} s (min–max); the runs of all backends are interleaved. ` +
      `Load generator, servers and database share the machine (loopback). Runtime of the whole script: ${meta.runtime} s.`,
  );
  out();
  out("### Throughput and latency");
  out();
  out("| backend | operation | clients | req/s | p50 ms | p99 ms | not 2xx |");
  out("|---|---|---:|---:|---:|---:|---|");
  for (const r of results) {
    const bad = Object.entries(r.non2xx).map(([s, n]) => `${s}: ${n}`);
    if (r.errors) bad.push(`errors: ${r.errors}`);
    out(
      `| ${NAMES[r.backend]} | ${opName(r.backend, r.op)} | ${r.clients} | ${fmtStat(r.rps, fmtRps)} | ` +
        `${fmtStat(r.p50, fmtMs)} | ${fmtStat(r.p99, fmtMs)} | ${bad.length ? bad.join(", ") : "0"} |`,
    );
  }
  out();
  const find = (b, op, c) => results.find((r) => r.backend === b && r.op === op && r.clients === c);
  const ours = ["sqlite", "postgres"].filter((b) => BACKENDS.includes(b));
  if (BACKENDS.includes("json-server") && ours.length) {
    out("### Ratio to json-server (req/s, median over median)");
    out();
    out(`| operation | clients | ${ours.map((b) => `${NAMES[b]} / json-server`).join(" | ")} |`);
    out(`|---|---:|${ours.map(() => "---:").join("|")}|`);
    for (const op of ["read", "update"]) {
      for (const c of CLIENTS) {
        const j = find("json-server", op, c);
        const cells = ours.map((b) => {
          const o = find(b, op, c);
          const ratio = o.rps.median / j.rps.median;
          const verdict = op === "update" ? (ratio >= UPDATE_TARGET ? " (target met)" : " (**target missed**)") : "";
          return `${ratio.toFixed(1)}x${verdict}`;
        });
        const label = op === "update" ? `durable update vs plain PUT (target ≥ ${UPDATE_TARGET}x)` : "read";
        out(`| ${label} | ${c} | ${cells.join(" | ")} |`);
      }
    }
    out();
  }
  out("### Durability: SIGKILL in the middle of a stream of updates, then restart");
  out();
  out("| backend | kills | acknowledged writes | unanswered at the kill | acknowledged writes lost | target |");
  out("|---|---:|---:|---:|---:|---|");
  for (const d of durability) {
    const target = d.backend === "json-server" ? "(reference)" : d.lost === 0 ? "0: met" : "0: **missed**";
    let kills = `${d.kills}`;
    if (d.crashes?.length) kills += ` (round ${d.crashes.join(", ")} also PostgreSQL: \`pg_ctl stop -m immediate\`)`;
    let lost = `${d.lost}`;
    if (d.unreadable) lost += ` (db.json unreadable after ${d.unreadable} of ${d.kills} kills)`;
    out(
      `| ${NAMES[d.backend]} | ${kills} | ${d.acks} (${d.perRound.join(" + ")} before the kills) | ${d.unanswered} | ${lost} | ${target} |`,
    );
  }
  out();
  out("Notes:");
  out();
  out(
    "- Every client is its own keep-alive connection with its own document (the voorbeeld " +
      "`ey-itvitae`, " + `${meta.bodyBytes} bytes as JSON). Reads: \`GET /api/proeftuinen/{id}\` with ` +
      "`X-Proeftuin-Secret`; json-server `GET /proeftuinen/:id`. Updates: `PUT /api/proeftuinen/{id}` with " +
      "`If-Match` of the revision from the ETag of the client's previous answer, so every update is a " +
      "compare-and-set that succeeds (412 would be counted under *not 2xx*); json-server: `PUT /proeftuinen/:id` with the " +
      "same body, **no revision check** (it has none), and it keeps no history.",
  );
  out(
    "- Durable commit: SQLite in WAL mode with `synchronous = FULL`; PostgreSQL with `fsync`, " +
      "`synchronous_commit` and `full_page_writes` on (the test cluster of `scripts/postgres.sh` turns them " +
      "off; this run turns them on). json-server 0.17's CLI answers a write before it is stored: it starts " +
      "an asynchronous rewrite of the whole `db.json` (lowdb FileAsync and steno: a temporary file, then " +
      "rename; writes that arrive meanwhile are coalesced into the next rewrite; no fsync).",
  );
  out(
    "- Logging off on both sides: our server with `RUST_LOG=warn`, json-server with `--quiet`. " +
      "json-server 0.17.4 is the classic, stable release (1.0 is still a beta with another CLI and storage).",
  );
  out(
    `- Durability: ${DUR_CLIENTS} clients, one document each, update as fast as they can; the server is killed ` +
      `once ${DUR_KILL_AFTER}, ${2 * DUR_KILL_AFTER}, ${3 * DUR_KILL_AFTER} updates were acknowledged in the round, ` +
      "then started again on the same data. Ours: every acknowledged revision of every round is read back " +
      "(`GET …/revisions/{n}`) and compared with the document the server confirmed; lost = missing or different. " +
      "json-server: each record must hold the last acknowledged write; lost = acknowledged writes newer than what it holds " +
      "(all of the round's when db.json cannot be read).",
  );
  out(
    "- One Node process generates the load for all clients: on 2 cores it competes with the server for the CPU, " +
      "so the highest read figures are partly the generator's limit.",
  );
  return lines.join("\n") + "\n";
}

function opName(backend, op) {
  if (op === "read") return "read";
  return backend === "json-server" ? "update (plain PUT)" : "update (If-Match, durable)";
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------

async function main() {
  for (const b of BACKENDS) if (!NAMES[b]) throw new Error(`unknown backend ${b}`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ptw-bench-server-"));
  fs.chmodSync(tmp, 0o755); // the PostgreSQL cluster's owner must reach tmp/pg
  const bin = serverBinary();
  const meta = {
    cpu: os.cpus()[0]?.model?.trim() ?? "unknown CPU",
    cores: os.cpus().length,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    bin: path.relative(ROOT, bin) || bin,
    binBuilt: fs.statSync(bin).mtime.toISOString().slice(0, 16).replace("T", " ") + " UTC",
    bodyBytes: bodyMaker("bench-00").body(note("c00", 1)).length,
  };
  if (BACKENDS.includes("postgres")) {
    startPostgres();
    meta.pg = pg.version;
  }

  // Throughput: all servers up at once, runs interleaved across backends.
  const targets = [];
  for (const backend of BACKENDS) {
    if (backend === "json-server") {
      const dir = path.join(tmp, "json-server");
      fs.mkdirSync(dir);
      const file = path.join(dir, "db.json");
      const docs = createJsonServerDb(file, DOCS, "bench");
      const server = await startJsonServer(file, docs[0].id);
      if (server.failed) throw new Error(`json-server did not start:\n${server.output}`);
      targets.push({ backend, server, docs });
    } else {
      const url =
        backend === "sqlite" ? `sqlite://${path.join(tmp, "sqlite/bench.db")}` : pgDatabase("bench_load");
      const server = await startOurs(bin, url);
      const docs = await createOurs(server.base, DOCS, "bench");
      targets.push({ backend, server, docs });
    }
    say(`${backend} up at ${targets.at(-1).server.base}`);
  }
  for (const t of targets) {
    for (const op of ["read", "update"]) await measure(t.server.base, t.docs, op, 8, WARMUP_SECONDS);
  }
  const raw = new Map();
  const total = RUNS * 2 * CLIENTS.length * targets.length;
  let done = 0;
  for (let run = 1; run <= RUNS; run++) {
    for (const op of ["read", "update"]) {
      for (const clients of CLIENTS) {
        for (const t of targets) {
          const r = await measure(t.server.base, t.docs, op, clients, SECONDS);
          const key = `${t.backend}/${op}/${clients}`;
          if (!raw.has(key)) raw.set(key, []);
          raw.get(key).push(r);
          done += 1;
          say(
            `[${done}/${total}] run ${run} ${key}: ${fmtRps(r.rps)} req/s, p50 ${fmtMs(r.p50)} ms, ` +
              `p99 ${fmtMs(r.p99)} ms${Object.keys(r.non2xx).length || r.errors ? ` (not 2xx: ${JSON.stringify(r.non2xx)}, errors ${r.errors})` : ""}`,
          );
        }
      }
    }
  }
  for (const t of targets) await stop(t.server);
  const results = [];
  for (const backend of BACKENDS) {
    for (const op of ["read", "update"]) {
      for (const clients of CLIENTS) {
        const runs = raw.get(`${backend}/${op}/${clients}`);
        const non2xx = {};
        for (const r of runs) for (const [s, n] of Object.entries(r.non2xx)) non2xx[s] = (non2xx[s] ?? 0) + n;
        results.push({
          backend,
          op,
          clients,
          rps: stats(runs.map((r) => r.rps)),
          p50: stats(runs.map((r) => r.p50)),
          p99: stats(runs.map((r) => r.p99)),
          non2xx,
          errors: runs.reduce((s, r) => s + r.errors, 0),
        });
      }
    }
  }

  // Durability.
  const durability = [];
  for (const backend of BACKENDS) {
    say(`durability: ${backend}`);
    let d;
    if (backend === "sqlite") {
      d = await durabilityOurs(bin, backend, `sqlite://${path.join(tmp, "sqlite/durable.db")}`, null);
    } else if (backend === "postgres") {
      const name = "bench_durable";
      d = await durabilityOurs(bin, backend, pgDatabase(name), () => {
        pgCrashAndRestart();
        return pg.url.replace(/\/[^/]*$/, `/${name}`);
      });
    } else {
      d = await durabilityJsonServer();
    }
    if (d.other) throw new Error(`${backend}: unexpected answer during the durability stream: ${d.otherExample}`);
    say(`durability ${backend}: ${d.acks} acknowledged, ${d.unanswered} unanswered, ${d.lost} lost, ${d.stale} stale`);
    durability.push({ backend, ...d });
  }

  meta.runtime = Math.round((Date.now() - started) / 1000);
  const markdown = render(results, durability, meta);
  process.stdout.write(markdown);
  fs.mkdirSync(path.join(ROOT, "bench/out"), { recursive: true });
  fs.writeFileSync(path.join(ROOT, "bench/out/server.md"), markdown);
  say(`written to bench/out/server.md in ${meta.runtime} s`);
}

try {
  await main();
  cleanup();
  process.exit(0);
} catch (err) {
  say(`could not run: ${err.stack ?? err}`);
  cleanup();
  process.exit(1);
}
