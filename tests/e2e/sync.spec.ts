// Working together through the server: two browser contexts are two devices (each with
// its own localStorage), against the real release server and bundle.
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";
import type { Browser, BrowserContext, Page } from "@playwright/test";

const SYNCED = /Server: gesynchroniseerd om \d\d:\d\d/;

/** A new proeftuin on this device, with a name. */
async function newProeftuin(page: Page, naam: string) {
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await expect(page).toHaveURL(/\/proeftuin\/[0-9a-f]{32}\/vertrekpunt$/);
  await page.getByLabel("Naam van de proeftuin").fill(naam);
  await expect(page.getByText(/^Opgeslagen op dit apparaat om/)).toBeVisible();
}

/** Puts the open proeftuin on the server and returns the edit link. */
async function share(page: Page): Promise<string> {
  await expect(page.getByText("Alleen op dit apparaat, niet gedeeld")).toBeVisible();
  await page.getByRole("button", { name: "Delen" }).click();
  await expect(page.getByRole("heading", { name: "Delen" })).toBeFocused();
  await page.getByRole("button", { name: "Op de server zetten en delen" }).click();
  const link = page.getByRole("textbox", { name: "Link om samen te bewerken" });
  await expect(link).toBeFocused();
  await expect(page.getByText(SYNCED)).toBeVisible();
  const url = await link.inputValue();
  expect(url).toMatch(/\/open\/[0-9a-f]{32}#sleutel=[A-Za-z0-9_-]{40,}$/);
  return url;
}

/** Opens a shared link in a fresh device (browser context). */
async function openOnNewDevice(browser: Browser, url: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1, name: "Stap 1 van 5 – Vertrekpunt" })).toBeVisible();
  return { context, page };
}

async function syncNow(page: Page) {
  await page.getByRole("button", { name: "Nu synchroniseren" }).click();
}

test("share, open on a second device, edits to different fields on both devices all survive", async ({ page, browser, problems }) => {
  await newProeftuin(page, "Samen aan de slag");
  const url = share(page);
  const b = await openOnNewDevice(browser, await url);
  await expect(b.page.getByLabel("Naam van de proeftuin")).toHaveValue("Samen aan de slag");
  await expect(b.page.getByText(SYNCED)).toBeVisible();

  // Device A edits one field, device B another, both before seeing the other's change:
  // B's push is based on the revision before A's, gets 412, merges and pushes again.
  const pushedA = page.waitForResponse((r) => r.request().method() === "PUT" && r.status() === 200);
  await page.getByLabel("Opdrachtgever (ministerie of dienst)").fill("Schoonmaak");
  await pushedA;
  const staleB = b.page.waitForResponse((r) => r.request().method() === "PUT" && r.status() === 412);
  const pushedB = b.page.waitForResponse((r) => r.request().method() === "PUT" && r.status() === 200);
  await b.page.getByLabel("Korte omschrijving").fill("Werkplekken voor statushouders");
  await staleB;
  await pushedB;
  await expect(b.page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue("Schoonmaak");
  await syncNow(page);
  await expect(page.getByLabel("Korte omschrijving")).toHaveValue("Werkplekken voor statushouders");
  await expect(page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue("Schoonmaak");
  await expect(page.getByRole("heading", { name: /Kies welke versie blijft/ })).toHaveCount(0);

  // After a reload both values are still there (stored locally and on the server).
  await b.page.reload();
  await expect(b.page.getByLabel("Korte omschrijving")).toHaveValue("Werkplekken voor statushouders");
  await expect(b.page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue("Schoonmaak");
  await expectNoA11yViolations(page);
  expect(problems.consoleErrors).toEqual([]);
  await b.context.close();
});

for (const choice of ["mine", "theirs"] as const) {
  test(`the same field changed on two devices shows the conflict; choosing ${choice} sticks`, async ({ page, browser }) => {
    await newProeftuin(page, "Conflict proberen");
    const b = await openOnNewDevice(browser, await share(page));
    await expect(b.page.getByText(SYNCED)).toBeVisible();

    // A goes offline, so both change the same field without seeing each other.
    await page.context().setOffline(true);
    await page.getByLabel("Opdrachtgever (ministerie of dienst)").fill("ICT-diensten");
    const pushed = b.page.waitForResponse((r) => r.request().method() === "PUT" && r.status() === 200);
    await b.page.getByLabel("Opdrachtgever (ministerie of dienst)").fill("Facilitaire diensten");
    await pushed;
    await page.context().setOffline(false);
    await syncNow(page);

    const panel = page.getByRole("region", { name: /Kies welke versie blijft \(1 verschil\)/ });
    await expect(panel).toBeVisible();
    await expect(panel.getByText("ICT-diensten")).toBeVisible();
    await expect(panel.getByText("Facilitaire diensten")).toBeVisible();
    await expect(page.getByText("Server: er zijn verschillen, kies welke versie blijft")).toBeVisible();
    // Until a choice is made, this device shows its own value and both are kept (also after a reload).
    await expect(page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue("ICT-diensten");
    await page.reload();
    await expect(panel).toBeVisible();
    await expectNoA11yViolations(page);

    const expected = choice === "mine" ? "ICT-diensten" : "Facilitaire diensten";
    const button = choice === "mine" ? /Houd jouw versie/ : /Neem de andere versie/;
    await panel.getByRole("button", { name: button }).click();
    await expect(panel).toHaveCount(0);
    await expect(page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue(expected);
    await expect(page.getByText(SYNCED)).toBeVisible();

    // The choice reaches the other device and survives reloads on both.
    await syncNow(b.page);
    await expect(b.page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue(expected);
    await page.reload();
    await expect(page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue(expected);
    await b.page.reload();
    await expect(b.page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue(expected);
    await expect(b.page.getByRole("region", { name: /Kies welke versie blijft/ })).toHaveCount(0);
    await b.context.close();
  });
}

test("edits made offline are kept and synced after reconnecting, nothing lost", async ({ page, browser }) => {
  await newProeftuin(page, "In de trein");
  const url = await share(page);
  await page.context().setOffline(true);
  await page.getByLabel("Korte omschrijving").fill("Geschreven zonder verbinding");
  await page.getByLabel("Opdrachtgever (ministerie of dienst)").fill("Vervoer");
  await expect(page.getByText("Server: offline, wordt gesynchroniseerd zodra er weer verbinding is")).toBeVisible();
  // Reloading while offline keeps everything (service worker + local storage).
  await page.reload();
  await expect(page.getByLabel("Korte omschrijving")).toHaveValue("Geschreven zonder verbinding");

  await page.context().setOffline(false);
  // The online event makes the engine push without any click.
  await expect(page.getByText(SYNCED)).toBeVisible({ timeout: 20_000 });
  const b = await openOnNewDevice(browser, url);
  await expect(b.page.getByLabel("Korte omschrijving")).toHaveValue("Geschreven zonder verbinding");
  await expect(b.page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue("Vervoer");
  await b.context.close();
});

test("a read-only link shows the plan but cannot change it", async ({ page, browser }) => {
  await newProeftuin(page, "Alleen bekijken");
  await page.getByLabel("Opdrachtgever (ministerie of dienst)").fill("Catering");
  await share(page);
  await page.getByRole("button", { name: "Maak een leeslink" }).click();
  const readLink = page.getByRole("textbox", { name: "Leeslink" });
  await expect(readLink).toBeFocused();
  const url = await readLink.inputValue();

  const b = await openOnNewDevice(browser, url);
  await expect(b.page.getByText("Je bekijkt deze proeftuin met een leeslink")).toBeVisible();
  await expect(b.page.getByText(/gesynchroniseerd om \d\d:\d\d \(alleen lezen\)/)).toBeVisible();
  const naam = b.page.getByLabel("Naam van de proeftuin");
  await expect(naam).toHaveValue("Alleen bekijken");
  await expect(naam).toBeDisabled();
  await expect(b.page.getByLabel("Opdrachtgever (ministerie of dienst)")).toBeDisabled();
  await expect(b.page.getByRole("button", { name: /Leverancier toevoegen/ })).toBeDisabled();
  // The server refuses a write with this secret as well.
  const status = await b.page.evaluate(async () => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("ptw.sync."))!;
    const meta = JSON.parse(localStorage.getItem(key)!);
    const res = await fetch(`/api/proeftuinen/${meta.base.id}`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "X-Proeftuin-Secret": meta.secret, "If-Match": `"${meta.revision}"` },
      body: JSON.stringify(meta.base),
    });
    return res.status;
  });
  expect(status).toBe(403);
  // Printing and exporting still work on step 5.
  await b.page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Afronden/ }).click();
  await expect(b.page.getByRole("button", { name: "Afdrukken of opslaan als PDF" })).toBeEnabled();
  await expect(b.page.getByLabel("Notities bij de proeftuin")).toBeDisabled();

  // Changes by the owner reach the reader.
  const pushed = page.waitForResponse((r) => r.request().method() === "PUT" && r.status() === 200);
  await page.getByLabel("Opdrachtgever (ministerie of dienst)").fill("Catering en schoonmaak");
  await pushed;
  await b.page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Vertrekpunt/ }).click();
  await syncNow(b.page);
  await expect(b.page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue("Catering en schoonmaak");
  await expectNoA11yViolations(b.page);
  await b.context.close();
});

test("a wrong or incomplete link shows a clear message", async ({ page }) => {
  await openApp(page, "/open/0123456789abcdef0123456789abcdef#sleutel=ditisnietdegoedesleutelmaareenverzonnenwaarde");
  await expect(page.getByRole("alert")).toContainText("Deze link werkt niet");
  await expect(page.getByRole("link", { name: "Naar Mijn proeftuinen" })).toBeVisible();
  await expectNoA11yViolations(page);

  await openApp(page, "/open/0123456789abcdef0123456789abcdef");
  await expect(page.getByRole("alert")).toContainText("Deze link is niet volledig");

  // A real id with a wrong secret gets the same answer as an unknown id.
  await newProeftuin(page, "Echt, maar verkeerde sleutel");
  const url = await share(page);
  const wrong = url.replace(/#sleutel=.*/, "#sleutel=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  const context = await page.context().browser()!.newContext();
  const other = await context.newPage();
  await other.goto(wrong);
  await expect(other.getByRole("alert")).toContainText("Deze link werkt niet");
  await context.close();
});

test("earlier versions can be viewed and one restored", async ({ page }) => {
  await newProeftuin(page, "Versie een");
  await share(page);
  await page.getByLabel("Naam van de proeftuin").fill("Versie twee");
  await expect(page.getByText(SYNCED)).toBeVisible();
  await syncNow(page);
  await expect(page.getByText(SYNCED)).toBeVisible();

  await page.getByRole("link", { name: "Eerdere versies" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Eerdere versies" })).toBeVisible();
  await expect(page).toHaveTitle(/^Eerdere versies – /);
  const table = page.getByRole("table", { name: /versies op de server/ });
  await expect(table).toBeVisible();
  await table.getByRole("button", { name: /^Bekijk versie 1 van/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: /^Versie 1 van/ })).toBeFocused();
  await expect(page.getByRole("heading", { level: 1, name: "Versie een" })).toBeVisible();
  await expectNoA11yViolations(page);

  await page.getByRole("button", { name: "Zet versie 1 terug" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Versie 1 van" })).toContainText("is teruggezet");
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Vertrekpunt/ }).click();
  await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue("Versie een");
  await expect(page.getByText(SYNCED)).toBeVisible();
  // The restore became a new version; the history kept every earlier one.
  await page.getByRole("link", { name: "Eerdere versies" }).click();
  await expect(page.getByRole("table", { name: /versies op de server/ }).getByRole("row")).toHaveCount(3 + 1);
});

test("two tabs on one proeftuin keep each other's edits", async ({ page, context }) => {
  await newProeftuin(page, "Twee tabbladen");
  const url = page.url();
  const second = await context.newPage();
  await second.goto(url);
  await expect(second.getByLabel("Naam van de proeftuin")).toHaveValue("Twee tabbladen");

  await page.getByLabel("Opdrachtgever (ministerie of dienst)").fill("Groenvoorziening");
  await expect(page.getByText(/^Opgeslagen op dit apparaat om/)).toBeVisible();
  await second.getByLabel("Korte omschrijving").fill("Tweede tabblad schrijft hier");
  await expect(second.getByText(/^Opgeslagen op dit apparaat om/)).toBeVisible();
  // Each tab shows the other's edit, and the stored copy has both.
  await expect(second.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue("Groenvoorziening");
  await expect(page.getByLabel("Korte omschrijving")).toHaveValue("Tweede tabblad schrijft hier");
  await page.reload();
  await expect(page.getByLabel("Opdrachtgever (ministerie of dienst)")).toHaveValue("Groenvoorziening");
  await expect(page.getByLabel("Korte omschrijving")).toHaveValue("Tweede tabblad schrijft hier");
  await second.close();
});

test("a failing or unreachable server gets a clear message; the edit goes up once it is back", async ({ page, browser }) => {
  await newProeftuin(page, "Server valt om");
  const url = await share(page);

  // The server answers with an error: a Dutch alert with a retry, nothing lost.
  await page.route("**/api/proeftuinen/**", (route) =>
    route.fulfill({ status: 500, contentType: "application/json", body: '{"code":"internal","message":"Interne fout"}' }),
  );
  await page.getByLabel("Korte omschrijving").fill("Getypt terwijl de server fouten gaf");
  const alert = page.getByRole("alert").filter({ hasText: "De server gaf een fout" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("Je werk staat veilig op dit apparaat");

  // The server is gone (connection refused): the status says offline.
  await page.unroute("**/api/proeftuinen/**");
  await page.route("**/api/proeftuinen/**", (route) => route.abort("connectionrefused"));
  await alert.getByRole("button", { name: "Opnieuw proberen" }).click();
  await expect(page.getByText("Server: offline, wordt gesynchroniseerd zodra er weer verbinding is")).toBeVisible();

  // Back again: one click (or the next retry) sends the edit.
  await page.unroute("**/api/proeftuinen/**");
  await syncNow(page);
  await expect(page.getByText(SYNCED)).toBeVisible();
  const b = await openOnNewDevice(browser, url);
  await expect(b.page.getByLabel("Korte omschrijving")).toHaveValue("Getypt terwijl de server fouten gaf");
  await b.context.close();
});
