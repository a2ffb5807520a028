// The wizard frame and steps 1 and 3: step in the URL, free movement, validation on
// leaving a field and on "Volgende", numbers that refuse nonsense, autosave and reload.
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";
import type { Page } from "@playwright/test";

async function newProeftuin(page: Page) {
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await expect(page).toHaveURL(/\/proeftuin\/[0-9a-f]{32}\/vertrekpunt$/);
  await expect(page.getByRole("heading", { level: 1, name: "Stap 1 van 5 – Vertrekpunt" })).toBeVisible();
}

async function storedDoc(page: Page) {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("ptw.doc."))!;
    return JSON.parse(localStorage.getItem(key)!);
  });
}

test("the step lives in the URL: heading, title, step links, back and forward", async ({ page, problems }) => {
  await newProeftuin(page);
  await expect(page).toHaveTitle(/^Stap 1 van 5 – Vertrekpunt – /);
  const steps = page.getByRole("navigation", { name: "Stappen" });
  await expect(steps.getByRole("link", { name: /Vertrekpunt/ })).toHaveAttribute("aria-current", "step");

  await steps.getByRole("link", { name: /Plan van Aanpak/ }).click();
  await expect(page).toHaveURL(/\/plan-van-aanpak$/);
  await expect(page.getByRole("heading", { level: 1, name: "Stap 3 van 5 – Plan van Aanpak" })).toBeFocused();
  await expect(page).toHaveTitle(/^Stap 3 van 5 – Plan van Aanpak/);

  await steps.getByRole("link", { name: /Afronden/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stap 5 van 5 – Afronden" })).toBeVisible();

  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Stap 3 van 5 – Plan van Aanpak" })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1, name: "Stap 1 van 5 – Vertrekpunt" })).toBeVisible();
  await page.goForward();
  await expect(page.getByRole("heading", { level: 1, name: "Stap 3 van 5 – Plan van Aanpak" })).toBeVisible();
  expect(problems.consoleErrors).toEqual([]);
});

test("errors show after leaving a field and all of them after Volgende, each tied to its field", async ({ page }) => {
  await newProeftuin(page);
  const naam = page.getByLabel("Naam van de proeftuin");
  await expect(naam).not.toHaveAttribute("aria-invalid", "true");
  await naam.focus();
  await page.keyboard.press("Tab");
  await expect(naam).toHaveAttribute("aria-invalid", "true");
  const describedBy = await naam.getAttribute("aria-describedby");
  expect(describedBy).toBeTruthy();
  const message = page.locator(`[id="${describedBy!.split(" ").pop()}"]`);
  await expect(message).toContainText("naam");

  // Volgende: a summary of what is missing, focused, with links that move focus to the field.
  await page.getByRole("button", { name: /Volgende/ }).click();
  const summary = page.getByRole("alert").filter({ hasText: "Deze stap is nog niet compleet" });
  await expect(summary).toBeVisible();
  await expect(summary).toBeFocused();
  await expect(page.getByLabel("Inkoopcategorie")).toHaveAttribute("aria-invalid", "true");
  await summary.getByRole("link", { name: /situatie/i }).click();
  await expect(page.getByLabel("Situatie")).toBeFocused();
  await expect(page).toHaveURL(/\/vertrekpunt/);

  // Filling a field clears its error.
  await naam.fill("Proeftuin ICT-inhuur");
  await expect(naam).not.toHaveAttribute("aria-invalid", "true");
  // One can still go on with an incomplete step.
  await summary.getByRole("link", { name: /Toch door naar stap 2/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stap 2 van 5 – Stakeholders" })).toBeVisible();
});

test("numbers refuse nonsense with a clear message and the reference line follows the amount", async ({ page }) => {
  await newProeftuin(page);
  const waarde = page.getByLabel(/Contractwaarde/);
  const looptijd = page.getByLabel("Looptijd");
  const bad = ["abc", "-5", "1,5", "12abc", "99999999999999999999"];
  for (const input of bad) {
    await waarde.fill(input);
    await expect(waarde, input).toHaveAttribute("aria-invalid", "true");
    const id = (await waarde.getAttribute("aria-describedby"))!.split(" ").pop()!;
    await expect(page.locator(`[id="${id}"]`), input).not.toBeEmpty();
  }
  expect((await storedDoc(page)).vertrekpunt.contractwaarde).toBeNull();

  await waarde.fill("€ 400.000");
  await looptijd.fill("24");
  await expect(waarde).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/5% = € 20\.000/)).toBeVisible();
  await expect.poll(async () => (await storedDoc(page)).vertrekpunt.contractwaarde).toBe(400000);

  await waarde.fill("200000");
  await expect(page.getByText(/5% = € 20\.000/)).toHaveCount(0);
});

test("a start date sets the evaluation date a year later, unless one was chosen", async ({ page }) => {
  await newProeftuin(page);
  await page.getByLabel("Startdatum").fill("2026-03-01");
  await expect(page.getByLabel("Evaluatiedatum")).toHaveValue("2027-03-01");
  await page.getByLabel("Startdatum").fill("2026-04-01");
  await expect(page.getByLabel("Evaluatiedatum")).toHaveValue("2027-04-01");
  await page.getByLabel("Evaluatiedatum").fill("2026-12-15");
  await page.getByLabel("Startdatum").fill("2026-05-01");
  await expect(page.getByLabel("Evaluatiedatum")).toHaveValue("2026-12-15");
});

test("what was typed on steps 1 and 3 is back exactly after a reload mid-step", async ({ page }) => {
  await newProeftuin(page);
  await page.getByLabel("Naam van de proeftuin").fill("Werkervaring bij Rijkswaterstaat");
  await page.getByLabel("Korte omschrijving").fill("Regel 1\nRegel 2 met é, ë en €");
  await page.getByLabel(/Opdrachtgever/).fill("Rijkswaterstaat");
  await page.getByLabel("Inkoopcategorie").selectOption({ label: "Werken" });
  await page.getByRole("button", { name: "Leverancier toevoegen" }).click();
  await expect(page.getByLabel("Naam leverancier")).toBeFocused();
  await page.keyboard.type("Bouwbedrijf De Brug");
  await page.getByLabel(/Contractwaarde/).fill("1.250.000");
  // Reload right away: the last keystrokes are saved when the page is hidden.
  await page.reload();
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
  await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue("Werkervaring bij Rijkswaterstaat");
  await expect(page.getByLabel("Korte omschrijving")).toHaveValue("Regel 1\nRegel 2 met é, ë en €");
  await expect(page.getByLabel(/Opdrachtgever/)).toHaveValue("Rijkswaterstaat");
  await expect(page.getByLabel("Inkoopcategorie")).toHaveValue("werken");
  await expect(page.getByLabel("Naam leverancier")).toHaveValue("Bouwbedrijf De Brug");
  await expect(page.getByLabel(/Contractwaarde/)).toHaveValue("1.250.000");

  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Plan van Aanpak/ }).click();
  await page.getByRole("checkbox", { name: "Statushouders" }).check();
  await page.getByLabel("Ambitie").fill("Tien statushouders werken mee aan onderhoud.");
  await page.getByRole("checkbox", { name: /Werkervaringsplaats/ }).check();
  await page.getByLabel("Aantal kandidaten").fill("10");
  await page.getByLabel("Aantal plaatsen").fill("8");
  await page.getByRole("button", { name: "Afspraak toevoegen" }).click();
  // Focus is on the first control of the new item: the "Wie doet het?" radio group.
  await expect(page.getByRole("radio", { name: "Leverancier" })).toBeFocused();
  await page.getByLabel(/^Afspraak( \(verplicht\))?$/).fill("Opdrachtgever regelt een buddy op de werkplek");
  await page.getByLabel("Eigenaar").fill("Contractmanager");
  await page.reload();
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
  await expect(page.getByRole("checkbox", { name: "Statushouders" })).toBeChecked();
  await expect(page.getByLabel("Ambitie")).toHaveValue("Tien statushouders werken mee aan onderhoud.");
  await expect(page.getByLabel("Aantal kandidaten")).toHaveValue("10");
  await expect(page.getByLabel("Aantal plaatsen")).toHaveValue("8");
  // After a reload the afspraak is a folded row; "Bewerk" opens it.
  await expect(page.getByRole("region", { name: "Tweezijdige afspraken" })).toContainText("Leverancier: Opdrachtgever regelt een buddy op de werkplek");
  await page.getByRole("button", { name: "Bewerk afspraak 1" }).click();
  await expect(page.getByRole("button", { name: "Sluit afspraak 1" })).toHaveAttribute("aria-expanded", "true");
  await expect(page.getByLabel(/^Afspraak( \(verplicht\))?$/)).toHaveValue("Opdrachtgever regelt een buddy op de werkplek");
  await expect(page.getByLabel("Eigenaar")).toHaveValue("Contractmanager");
});

test("plan lists: add focuses the new item, remove announces and moves focus", async ({ page }) => {
  await newProeftuin(page);
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Plan van Aanpak/ }).click();
  const add = page.getByRole("button", { name: "Risico toevoegen" });
  await add.click();
  await expect(page.getByLabel("Risico", { exact: true })).toBeFocused();
  await page.keyboard.type("Kandidaat valt uit");
  await add.click();
  await expect(page.getByLabel("Risico", { exact: true }).nth(1)).toBeFocused();
  await page.keyboard.type("Te weinig begeleiding");
  await page.getByRole("button", { name: "Verwijder risico 1" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Risico 1 is verwijderd." })).toBeAttached();
  await expect(page.getByLabel("Risico", { exact: true })).toHaveCount(1);
  await expect(page.getByLabel("Risico", { exact: true })).toHaveValue("Te weinig begeleiding");
  await expect(page.getByLabel("Risico", { exact: true })).toBeFocused();
  await expect.poll(async () => (await storedDoc(page)).plan.risicos.map((r: { risico: string }) => r.risico)).toEqual(["Te weinig begeleiding"]);
});

test("steps 1 and 3 have no violations from axe or HTML_CodeSniffer, empty and with errors shown", async ({ page }) => {
  await newProeftuin(page);
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: /Volgende/ }).click();
  await expectNoA11yViolations(page);
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Plan van Aanpak/ }).click();
  await page.getByRole("button", { name: /Volgende/ }).click();
  await expectNoA11yViolations(page);
});
