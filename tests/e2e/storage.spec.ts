// The server's storage refuses an edit (a full disk, an I/O error, the proeftuin's quota):
// the edit stays on the device, the app says so in plain Dutch, and it tries again later,
// never in a hot loop. The server's own answers to these faults are tested in
// crates/proeftuin-server/tests/history.rs; here the answers are played by the test.
import { test, expect, openApp } from "./fixtures";
import type { Page } from "@playwright/test";

const SYNCED = /Server: gesynchroniseerd om \d\d:\d\d/;
const API = "**/api/proeftuinen/**";

async function newSharedProeftuin(page: Page, naam: string): Promise<string> {
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await expect(page).toHaveURL(/\/proeftuin\/[0-9a-f]{32}\/vertrekpunt$/);
  await page.getByLabel("Naam van de proeftuin").fill(naam);
  await expect(page.getByText(/^Opgeslagen op dit apparaat om/)).toBeVisible();
  await page.getByRole("button", { name: "Delen" }).click();
  await page.getByRole("button", { name: "Op de server zetten en delen" }).click();
  const link = page.getByRole("textbox", { name: "Link om samen te bewerken" });
  await expect(page.getByText(SYNCED)).toBeVisible();
  return link.inputValue();
}

/** Answers every PUT with `status` and the error body; counts them. */
async function refusePuts(page: Page, status: number, code: string, message: string, retryAfter?: string) {
  const seen = { puts: 0 };
  await page.route(API, (route) => {
    if (route.request().method() !== "PUT") return route.continue();
    seen.puts += 1;
    return route.fulfill({
      status,
      contentType: "application/json",
      headers: retryAfter ? { "retry-after": retryAfter } : {},
      body: JSON.stringify({ code, message }),
    });
  });
  return seen;
}

test("a full disk on the server: the edit stays here, the app says so and sends it later", async ({ page, browser }) => {
  const url = await newSharedProeftuin(page, "Schijf vol");
  const message =
    "De server heeft geen ruimte meer om gegevens op te slaan. Je wijziging is niet op de server bewaard, maar staat veilig op dit apparaat.";
  const seen = await refusePuts(page, 507, "storage_full", message, "1");
  await page.getByLabel("Korte omschrijving").fill("Getypt toen de schijf vol was");
  const alert = page.getByRole("alert").filter({ hasText: "geen ruimte meer" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("staat veilig op dit apparaat");
  // Kept on this device: a reload shows it.
  await page.reload();
  await expect(page.getByLabel("Korte omschrijving")).toHaveValue("Getypt toen de schijf vol was");
  // Tries again with backoff, not in a loop: a few tries in five seconds at most.
  const before = seen.puts;
  await page.waitForTimeout(5_000);
  expect(seen.puts - before).toBeLessThanOrEqual(3);
  // Room again: the next try sends the edit.
  await page.unroute(API);
  await expect(page.getByText(SYNCED)).toBeVisible({ timeout: 40_000 });
  const other = await browser.newContext();
  const b = await other.newPage();
  await b.goto(url);
  await expect(b.getByLabel("Korte omschrijving")).toHaveValue("Getypt toen de schijf vol was");
  await other.close();
});

test("over the quota: the message says what to do, the edit stays here and is not sent again and again", async ({ page }) => {
  await newSharedProeftuin(page, "Te groot");
  const message =
    "Deze proeftuin is te groot geworden voor de server. Je wijziging staat veilig op dit apparaat. Exporteer de proeftuin en zet hem als nieuwe kopie op de server.";
  const seen = await refusePuts(page, 413, "quota_exceeded", message);
  await page.getByLabel("Korte omschrijving").fill("Net te veel");
  const alert = page.getByRole("alert").filter({ hasText: "te groot geworden" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("Exporteer de proeftuin");
  const before = seen.puts;
  await page.waitForTimeout(4_000);
  expect(seen.puts - before).toBe(0);
  await page.reload();
  await expect(page.getByLabel("Korte omschrijving")).toHaveValue("Net te veel");
});
