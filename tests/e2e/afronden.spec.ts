// Step 5 Afronden: status, completeness with links, the plan as a document,
// printing only the plan, export, axe and HTML_CodeSniffer, and a full localStorage.
import * as fs from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect, openApp, expectNoA11yViolations, storedDoc } from "./fixtures";

const SECTIONS = [
  "1. Vertrekpunt",
  "2. Stakeholders",
  "3. Plan van Aanpak",
  "4. Beoordeling",
  "5. Status en notities",
];
const CRITERIA = [
  "realisme_haalbaarheid",
  "realisme_begeleiding",
  "realisme_draagvlak",
  "realisme_kerncompetentie",
  "impact_doelgroep",
  "impact_omvang",
  "impact_duurzaamheid",
  "impact_beleid",
];

/** Clears storage, starts from a voorbeeld and returns the address of its Afronden step. */
async function voorbeeldAfronden(page: Page, voorbeeld: RegExp): Promise<string> {
  await openApp(page, "/");
  await page.evaluate(() => localStorage.clear());
  await openApp(page, "/");
  await page.getByRole("button", { name: voorbeeld }).click();
  await expect(page).toHaveURL(/\/vertrekpunt$/);
  return page.url().replace(/vertrekpunt$/, "afronden");
}

const plan = (page: Page) => page.getByRole("article");

test("status is chosen and kept, and the plan shows every section", async ({ page, problems }) => {
  const afronden = await voorbeeldAfronden(page, /Begin met dit voorbeeld: KPMG/);
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Afronden/ }).click();
  await expect(page).toHaveURL(afronden);
  await expect(page.getByRole("heading", { level: 1, name: "Stap 5 van 5 – Afronden" })).toBeVisible();

  const status = page.getByRole("group", { name: "Status van de proeftuin" });
  await expect(status.getByRole("radio", { name: "1. Concept" })).toBeChecked();
  await expect(status.getByRole("radio", { name: "6. Decharge" })).toHaveAccessibleDescription(/verduurzaming/);
  await status.getByRole("radio", { name: "2. Ter beoordeling" }).check();
  await expect(page.getByText("Huidige status: Ter beoordeling.")).toBeVisible();
  await expect(page.getByText(/Opgeslagen op dit apparaat/)).toBeVisible();
  expect((await storedDoc(page)).status).toBe("ter_beoordeling");

  await expect(plan(page).getByRole("heading", { level: 1 })).toHaveText("Beurzen voor jonge justitiabelen");
  for (const s of SECTIONS) {
    await expect(plan(page).getByRole("heading", { level: 2, name: s })).toBeVisible();
  }
  await expect(plan(page)).toContainText("Ter beoordeling");
  await expect(plan(page)).toContainText("De generieke regeling zou gelden: 5% = €");
  await expect(plan(page)).toContainText(/\d{1,2} (januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december) \d{4}/);
  await expect(plan(page)).toContainText("Nog niet ingevuld"); // the assessment of a voorbeeld is empty
  await expect(plan(page).getByRole("table", { name: "Tweezijdige afspraken" })).toBeVisible();

  // Notes appear in the document; empty notes do not.
  const notes = page.getByLabel("Notities bij de proeftuin");
  await notes.fill("Evaluatie gepland met HR en Inkoop.");
  await expect(plan(page)).toContainText("Evaluatie gepland met HR en Inkoop.");
  await notes.fill("");
  await expect(plan(page).getByText("Notities", { exact: true })).toHaveCount(0);

  await page.reload();
  await expect(page.getByRole("radio", { name: "2. Ter beoordeling" })).toBeChecked();
  await page.getByRole("link", { name: "Mijn proeftuinen" }).first().click();
  await expect(page.getByRole("row", { name: /Beurzen voor jonge justitiabelen/ })).toContainText("Ter beoordeling");
  expect(problems.consoleErrors).toEqual([]);
});

test("print media shows only the plan, one main section per page", async ({ page, problems }) => {
  const afronden = await voorbeeldAfronden(page, /Begin met dit voorbeeld: EY/);
  await openApp(page, afronden);
  await page.emulateMedia({ media: "print" });

  await expect(plan(page).getByRole("heading", { level: 1, name: "Talent met autisme in cybersecurity" })).toBeVisible();
  for (const s of SECTIONS) {
    await expect(plan(page).getByRole("heading", { level: 2, name: s })).toBeVisible();
  }
  await expect(page.getByRole("banner")).toBeHidden();
  await expect(page.getByRole("contentinfo")).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Stappen" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Kruimelpad" })).toBeHidden();
  await expect(page.getByRole("complementary")).toBeHidden();
  await expect(page.getByRole("heading", { name: "Stap 5 van 5 – Afronden" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Afdrukken of opslaan als PDF" })).toBeHidden();
  await expect(page.getByRole("button", { name: "Exporteer naar een bestand" })).toBeHidden();
  await expect(page.getByRole("button", { name: /Vorige/ })).toBeHidden();
  await expect(page.getByRole("link", { name: /Vorige/ })).toBeHidden();
  await expect(page.getByRole("group", { name: "Status van de proeftuin" })).toBeHidden();
  await expect(page.getByLabel("Notities bij de proeftuin")).toBeHidden();
  await expect(page.getByRole("heading", { name: "Is het plan compleet?" })).toBeHidden();
  await expect(page.getByText(/Opgeslagen op dit apparaat/)).toBeHidden();

  // Page breaks between the main sections, black on white.
  await expect(page.getByRole("region", { name: "1. Vertrekpunt" })).not.toHaveCSS("break-before", "page");
  for (const s of SECTIONS.slice(1)) {
    await expect(page.getByRole("region", { name: s })).toHaveCSS("break-before", "page");
  }
  await expect(plan(page).getByRole("heading", { level: 2, name: "3. Plan van Aanpak" })).toHaveCSS("color", "rgb(0, 0, 0)");
  await expect(plan(page).getByRole("table", { name: "Tweezijdige afspraken" }).getByRole("row").first()).toHaveCSS("break-inside", "avoid");

  // The PDF has at least one page per section.
  const pdf = await page.pdf({ format: "A4" });
  const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
  expect(pages).toBeGreaterThanOrEqual(SECTIONS.length);

  await page.emulateMedia({ media: "screen" });
  await expect(page.getByRole("button", { name: "Afdrukken of opslaan als PDF" })).toBeVisible();
  expect(problems.consoleErrors).toEqual([]);
});

test("the print button opens printing and export downloads the file", async ({ page, problems }) => {
  const afronden = await voorbeeldAfronden(page, /Begin met dit voorbeeld: Atos/);
  await openApp(page, afronden);
  await page.evaluate(() => {
    (window as any).__printed = 0;
    window.print = () => {
      (window as any).__printed += 1;
    };
  });
  await page.getByRole("button", { name: "Afdrukken of opslaan als PDF" }).click();
  expect(await page.evaluate(() => (window as any).__printed)).toBe(1);

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Exporteer naar een bestand" }).click();
  const download = await downloadPromise;
  const file = JSON.parse(fs.readFileSync(await download.path(), "utf8"));
  expect(file.format).toBe("proeftuin-wizard");
  expect(file.proeftuin).toEqual(await storedDoc(page));
  await expect(page.getByRole("link", { name: "Mijn proeftuinen" }).last()).toHaveAttribute("href", "/");
  expect(problems.consoleErrors).toEqual([]);
});

test("the completeness list links to each missing field", async ({ page, problems }) => {
  await openApp(page, "/");
  await page.evaluate(() => localStorage.clear());
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await expect(page).toHaveURL(/\/vertrekpunt$/);
  await openApp(page, page.url().replace(/vertrekpunt$/, "afronden"));

  await expect(page.getByRole("heading", { name: "Wat nog ontbreekt" })).toBeVisible();
  for (const group of ["Stap 1: Vertrekpunt", "Stap 2: Stakeholders", "Stap 3: Plan van Aanpak", "Stap 4: Beoordeling"]) {
    await expect(page.getByRole("heading", { name: group })).toBeVisible();
  }
  await expectNoA11yViolations(page);

  await page.getByRole("link", { name: "Vul de naam van de proeftuin in." }).click();
  await expect(page).toHaveURL(/\/vertrekpunt#f-vertrekpunt-naam$/);
  await expect(page.getByLabel("Naam van de proeftuin")).toBeFocused();
  expect(problems.consoleErrors).toEqual([]);
});

test("a complete plan gets a positive message and no violations from axe or HTML_CodeSniffer", async ({ page, problems }) => {
  const afronden = await voorbeeldAfronden(page, /Begin met dit voorbeeld: Berenschot/);
  // Fill in the assessment directly in storage (step 4 is tested on its own).
  await page.evaluate((criteria) => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (!key.startsWith("ptw.doc.")) continue;
      const doc = JSON.parse(localStorage.getItem(key)!);
      doc.beoordeling = {
        scores: criteria.map((c: string, n: number) => ({ criterion: c, score: 3 + (n % 3), reden: `Reden ${n + 1}` })),
        oordeel: "accepteren",
        oordeel_toelichting: "Een sterk plan.",
        beoordelaar: "Categoriemanager",
      };
      localStorage.setItem(key, JSON.stringify(doc));
    }
  }, CRITERIA);
  await openApp(page, afronden);
  await expect(page.getByText(/Het plan is compleet/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Wat nog ontbreekt" })).toHaveCount(0);
  await expect(plan(page)).toContainText("Reden 8");
  await expect(plan(page)).toContainText("Accepteren");
  await expect(plan(page)).toContainText("Een sterk plan.");
  await expect(plan(page)).toContainText(/Score realisme: [\d,]+ van 5/);
  await expectNoA11yViolations(page);
  expect(problems.consoleErrors).toEqual([]);
});

test("a full localStorage shows the quota message, keeps the text and saves after retry", async ({ page, problems }) => {
  await openApp(page, "/");
  await page.evaluate(() => localStorage.clear());
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await expect(page).toHaveURL(/\/vertrekpunt$/);

  const junkKeys = await page.evaluate(() => {
    const keys: string[] = [];
    let size = 1024 * 1024;
    let n = 0;
    while (size >= 1) {
      try {
        const key = `junk.${n++}`;
        localStorage.setItem(key, "x".repeat(size));
        keys.push(key);
      } catch {
        size = Math.floor(size / 2);
      }
    }
    return keys;
  });
  expect(junkKeys.length).toBeGreaterThan(0);

  const name = page.getByLabel("Naam van de proeftuin");
  await name.fill("Proeftuin die niet past");
  const alert = page.getByRole("alert").filter({ hasText: "De opslag van deze browser is vol" });
  await expect(alert).toBeVisible();
  await expect(alert.getByRole("button", { name: "Exporteer naar een bestand" })).toBeVisible();
  await expect(name).toHaveValue("Proeftuin die niet past");
  expect((await storedDoc(page)).vertrekpunt.naam).toBe("");

  await page.evaluate((keys) => keys.forEach((k) => localStorage.removeItem(k)), junkKeys);
  await alert.getByRole("button", { name: "Opnieuw proberen" }).click();
  await expect(page.getByText(/Opgeslagen op dit apparaat om/)).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "De opslag van deze browser is vol" })).toHaveCount(0);
  expect((await storedDoc(page)).vertrekpunt.naam).toBe("Proeftuin die niet past");
  expect(problems.consoleErrors).toEqual([]);
});
