// Step 6 of scripts/build-split.sh: copies the split bundle from OUT into DIST under
// content-hashed names (NAME-<16 hex>.ext, what the server caches for a year and sw.js keeps),
// rewrites the references between the files, and puts the loader tag for public/boot.js
// where index.html had its rust link (the <!-- split-loader --> marker).
//
// The references: __wasm_split.js fetches each split module by name; the wasm-bindgen glue
// NAME.js imports __wasm_split.js, which imports the glue back (for its exports). The split
// modules and NAME_bg.wasm name nothing, so each gets its own hash; the two JS files name
// each other, so they share one hash, taken over both (after the other names are in).
// Usage: node scripts/split-dist.mjs OUT DIST NAME
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [out, dist, name] = process.argv.slice(2);
const hash = (...parts) => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex").slice(0, 16);
};
const sri = (data) => "sha384-" + createHash("sha384").update(data).digest("base64");
const replaceAll = (text, from, to, what) => {
  const n = text.split(from).length - 1;
  if (n === 0) throw new Error(`split-dist: ${what} does not name ${from}`);
  return text.split(from).join(to);
};

let glue = readFileSync(join(out, `${name}.js`), "utf8");
let link = readFileSync(join(out, "__wasm_split.js"), "utf8");

// The split modules (an empty one is never fetched, so not named: left out).
const chunks = [];
for (const file of readdirSync(out).sort()) {
  if (!file.endsWith(".wasm") || file === `${name}_bg.wasm`) continue;
  const ref = `"./${file}"`;
  if (!link.includes(ref)) continue;
  const data = readFileSync(join(out, file));
  const hashed = `${file.slice(0, -".wasm".length)}-${hash(data)}.wasm`;
  link = replaceAll(link, ref, `"./${hashed}"`, "__wasm_split.js");
  writeFileSync(join(dist, hashed), data);
  chunks.push(hashed);
}

const wasm = readFileSync(join(out, `${name}_bg.wasm`));
const wasmName = `${name}-${hash(wasm)}_bg.wasm`;
writeFileSync(join(dist, wasmName), wasm);
glue = replaceAll(glue, `'${name}_bg.wasm'`, `'${wasmName}'`, `${name}.js`);

const jsHash = hash(glue, "\0", link);
const glueName = `${name}-${jsHash}.js`;
const linkName = `__wasm_split-${jsHash}.js`;
glue = replaceAll(glue, `from "./__wasm_split.js"`, `from "./${linkName}"`, `${name}.js`);
// The splitter names the glue ./main.js (its default), wasm-bindgen writes NAME.js.
link = replaceAll(link, `from "./main.js"`, `from "./${glueName}"`, "__wasm_split.js");
writeFileSync(join(dist, glueName), glue);
writeFileSync(join(dist, linkName), link);
if (existsSync(join(out, "snippets"))) cpSync(join(out, "snippets"), join(dist, "snippets"), { recursive: true });

// As Trunk does: the loader tag where the rust link was, preloads of what start-up needs at
// the end of <head>. data-app-chunks names the split modules for sw.js (kept for offline use).
const indexPath = join(dist, "index.html");
let html = readFileSync(indexPath, "utf8");
const tag =
  `<script type="module" src="/boot.js" data-app-js="/${glueName}" data-app-wasm="/${wasmName}"` +
  ` data-app-chunks="${chunks.map((c) => "/" + c).join(" ")}"></script>`;
html = replaceAll(html, "<!-- split-loader -->", tag, "index.html");
const preloads =
  `<link rel="modulepreload" href="/${glueName}" crossorigin="anonymous" integrity="${sri(glue)}">` +
  `<link rel="modulepreload" href="/${linkName}" crossorigin="anonymous" integrity="${sri(link)}">` +
  `<link rel="preload" href="/${wasmName}" crossorigin="anonymous" integrity="${sri(wasm)}" as="fetch" type="application/wasm">`;
html = replaceAll(html, "</head>", preloads + "</head>", "index.html");
writeFileSync(indexPath, html);
console.log(`split-dist: ${glueName}, ${linkName}, ${wasmName}, ${chunks.length} split modules`);
