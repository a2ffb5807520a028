// Installing the app and taking an update: the manifest and service worker meet Chromium's
// install criteria, and a newer build on the server is offered with "Er is een nieuwe versie"
// and taken without losing what was typed just before. Two builds are served one after the
// other by a server of this test's own, on the same address and database.
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { chromium, type Page } from "@playwright/test";
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";
import { chromiumArgs } from "../../playwright.config";

const port = Number(process.env.E2E_PORT ?? 18080) + 1;
const origin = `http://127.0.0.1:${port}`;
const dist = process.env.E2E_DIST ?? "dist";

/** Starts the release server on `port` with the given bundle; resolves once it answers. */
async function startServer(bundle: string, dataDir: string): Promise<ChildProcess> {
  const child = spawn(
    "./target/release/proeftuin-server",
    ["--addr", `127.0.0.1:${port}`, "--database-url", `sqlite://${dataDir}/app.db`, "--dist", bundle],
    { stdio: "ignore" },
  );
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill();
  throw new Error("the test's server did not start");
}

async function stopServer(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** A copy of the bundle as the next build would be: the wasm under another hashed name. */
function nextBuild(dir: string): { bundle: string; wasm: string } {
  const bundle = path.join(dir, "next");
  fs.cpSync(dist, bundle, { recursive: true });
  const index = fs.readFileSync(path.join(bundle, "index.html"), "utf8");
  const old = index.match(/data-app-wasm="\/([^"]+)"/)![1];
  const wasm = old.replace(/-[0-9a-f]{10,16}_bg\.wasm$/, "-0123456789abcdef_bg.wasm");
  expect(wasm).not.toBe(old);
  for (const ext of ["", ".br", ".gz"]) {
    if (fs.existsSync(path.join(bundle, old + ext))) fs.renameSync(path.join(bundle, old + ext), path.join(bundle, wasm + ext));
  }
  for (const ext of [".br", ".gz"]) fs.rmSync(path.join(bundle, "index.html" + ext), { force: true });
  fs.writeFileSync(path.join(bundle, "index.html"), index.replaceAll(old, wasm));
  return { bundle, wasm: `/${wasm}` };
}

test("the app is installable, and an update is offered and taken without losing a draft", async () => {
  test.setTimeout(90_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "proeftuin-update-"));
  const next = nextBuild(dir);
  let server = await startServer(dist, dir);
  // A browser profile of its own, as a user has (Chromium never offers to install in the
  // private-window profiles that tests normally get).
  const context = await chromium.launchPersistentContext(path.join(dir, "profiel"), {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: chromiumArgs,
    locale: "nl-NL",
  });
  const page: Page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors: string[] = [];
  let offlineFrom = Infinity;
  page.on("console", (msg) => {
    if (msg.type() === "error") consoleErrors.push(msg.text());
  });
  page.on("pageerror", (err) => consoleErrors.push(String(err)));
  try {
    await openApp(page, `${origin}/`);
    // The service worker controls the page once it has stored the app.
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller), { timeout: 20_000 }).toBe(true);

    // Chromium's own install check: manifest, icons, service worker, secure context.
    const cdp = await context.newCDPSession(page);
    expect((await cdp.send("Page.getInstallabilityErrors")).installabilityErrors).toEqual([]);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.errors).toEqual([]);
    const data = JSON.parse(manifest.data ?? "{}");
    expect(data).toMatchObject({ lang: "nl", start_url: "/", display: "standalone", theme_color: "#154273" });
    expect(data.name).toContain("Proeftuin-wizard");
    for (const icon of data.icons) expect((await page.request.get(`${origin}${icon.src}`)).status()).toBe(200);
    expect(data.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));

    // Whatever this browser decides about keeping the drafts, the overview says it.
    await expect(page.locator("#ov-bewaard")).toContainText(/blijven op dit apparaat bewaard|belooft niet dat hij/);

    await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
    const name = page.getByLabel("Naam van de proeftuin");
    await name.fill("Proeftuin vóór de update");

    // The next build is put on the server; the app looks again when it is back online.
    await stopServer(server);
    server = await startServer(next.bundle, dir);
    expect(await page.evaluate(() => document.querySelector("script[data-app-wasm]")!.getAttribute("data-app-wasm"))).not.toBe(next.wasm);
    await page.evaluate(() => dispatchEvent(new Event("online")));
    const offer = page.getByRole("status").filter({ hasText: "Er is een nieuwe versie" });
    await expect(offer).toBeVisible({ timeout: 20_000 });
    await expect(offer.getByRole("button")).toHaveText(["Vernieuwen", "Later"]);
    await expectNoA11yViolations(page);

    // Typing, and at once (before the autosave's 300 ms) taking the new version.
    await name.focus();
    await page.keyboard.press("End");
    await page.keyboard.type(", en erna");
    await offer.getByRole("button", { name: "Vernieuwen" }).click();
    await expect(page.locator(`script[data-app-wasm="${next.wasm}"]`)).toHaveCount(1);
    await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
    await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue("Proeftuin vóór de update, en erna");
    await expect(page.getByRole("status").filter({ hasText: "Er is een nieuwe versie" })).toHaveCount(0);

    // The new build was stored before it was offered: it opens offline as well.
    offlineFrom = consoleErrors.length;
    await context.setOffline(true);
    await page.reload();
    await expect(page.locator(`script[data-app-wasm="${next.wasm}"]`)).toHaveCount(1);
    await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
    await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue("Proeftuin vóór de update, en erna");
    await context.setOffline(false);
  } finally {
    await context.close();
    await stopServer(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // Offline, the reload's own requests fail by design; nothing else may.
  expect(consoleErrors.filter((e, i) => i < offlineFrom || !/ERR_INTERNET_DISCONNECTED|Failed to load resource/.test(e))).toEqual([]);
});
