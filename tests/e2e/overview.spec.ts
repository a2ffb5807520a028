// "Mijn proeftuinen": list, new, duplicate, delete with confirmation and undo,
// unreadable stored data, export → delete → import round trip, and refused
// import files that change nothing. Elements are found by role, label and text.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Page } from "@playwright/test";
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";

const FILES = path.join(__dirname, "files");
const IMPORT_LABEL = "Importeer een proeftuin-bestand (.json)";

/** Every localStorage entry, as text (to compare before and after). */
async function storage(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() => {
    const out: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      out[key] = localStorage.getItem(key)!;
    }
    return out;
  });
}

/** Keys of stored proeftuinen. */
async function docKeys(page: Page): Promise<string[]> {
  return Object.keys(await storage(page)).filter((k) => k.startsWith("ptw.doc.")).sort();
}

async function freshOverview(page: Page) {
  await openApp(page, "/");
  await page.evaluate(() => localStorage.clear());
  await openApp(page, "/");
}

/** Starts a proeftuin from a voorbeeld and comes back to the overview. */
async function fromVoorbeeld(page: Page, voorbeeld: RegExp) {
  await page.getByRole("button", { name: voorbeeld }).click();
  await expect(page).toHaveURL(/\/proeftuin\/[0-9a-f]+\/vertrekpunt$/);
  await expect(page.getByText(/Opgeslagen op dit apparaat/)).toBeVisible();
  await page.getByRole("link", { name: "Mijn proeftuinen" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Mijn proeftuinen" })).toBeVisible();
}

const rows = (page: Page) => page.getByRole("table").getByRole("row");

test.beforeEach(async ({ page }) => {
  await freshOverview(page);
});

test("a new proeftuin appears in the list with its name, status and date", async ({ page, problems }) => {
  await expect(page.getByText("Er staan nog geen proeftuinen op dit apparaat.")).toBeVisible();
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await expect(page).toHaveURL(/\/vertrekpunt$/);
  await page.getByLabel("Naam van de proeftuin").fill("Werkervaring bij Rijkswaterstaat");
  await expect(page.getByText(/Opgeslagen op dit apparaat/)).toBeVisible();
  await page.getByRole("link", { name: "Mijn proeftuinen" }).first().click();

  const table = page.getByRole("table", { name: /1 proeftuin op dit apparaat/ });
  await expect(table).toBeVisible();
  const row = table.getByRole("row", { name: /Werkervaring bij Rijkswaterstaat/ });
  await expect(row).toContainText("Concept");
  await expect(row).toContainText(/\d{2}-\d{2}-\d{4} \d{2}:\d{2}/);
  await row.getByRole("link", { name: "Werkervaring bij Rijkswaterstaat", exact: true }).click();
  await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue("Werkervaring bij Rijkswaterstaat");
  expect(problems.consoleErrors).toEqual([]);
});

test("the newest change is listed first", async ({ page }) => {
  await fromVoorbeeld(page, /Begin met dit voorbeeld: KPMG/);
  await fromVoorbeeld(page, /Begin met dit voorbeeld: Berenschot/);
  await expect(rows(page)).toHaveCount(3); // header + 2
  await expect(rows(page).nth(1)).toContainText("Betaalde werkervaring voor hoger opgeleiden");
  await expect(rows(page).nth(2)).toContainText("Beurzen voor jonge justitiabelen");
});

test("duplicate makes a concept copy with a new id and moves focus to it", async ({ page, problems }) => {
  await fromVoorbeeld(page, /Begin met dit voorbeeld: EY/);
  const [originalKey] = await docKeys(page);
  const original = (await storage(page))[originalKey];

  await page.getByRole("button", { name: "Dupliceren: Talent met autisme in cybersecurity" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Kopie gemaakt" })).toBeVisible();
  const copyLink = page.getByRole("link", { name: "Talent met autisme in cybersecurity (kopie)", exact: true });
  await expect(copyLink).toBeFocused();
  await expect(rows(page)).toHaveCount(3);

  const keys = await docKeys(page);
  expect(keys).toHaveLength(2);
  const copyKey = keys.find((k) => k !== originalKey)!;
  const after = await storage(page);
  expect(after[originalKey]).toBe(original);
  const copy = JSON.parse(after[copyKey]);
  expect(copy.id).not.toBe(JSON.parse(original).id);
  expect(copy.vertrekpunt.naam).toBe("Talent met autisme in cybersecurity (kopie)");
  expect(copy.status).toBe("concept");
  expect(copy.plan).toEqual(JSON.parse(original).plan);
  expect(problems.consoleErrors).toEqual([]);
});

test("delete asks for confirmation in the row, and undo restores it exactly", async ({ page, problems }) => {
  await fromVoorbeeld(page, /Begin met dit voorbeeld: Atos/);
  const before = await storage(page);
  const name = "Stages rond diversiteit bij Atos";

  await page.getByRole("button", { name: `Verwijderen: ${name}` }).click();
  const question = page.getByText(`Weet je zeker dat je “${name}” van dit apparaat wilt verwijderen?`);
  await expect(question).toBeFocused();
  expect(await storage(page)).toEqual(before);

  await page.getByRole("button", { name: `Nee, bewaren “${name}”` }).click();
  await expect(page.getByRole("button", { name: `Verwijderen: ${name}` })).toBeFocused();
  expect(await storage(page)).toEqual(before);

  // Keyboard only this time.
  await page.keyboard.press("Enter");
  await expect(question).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: `Ja, verwijder “${name}”` })).toBeFocused();
  await page.keyboard.press("Enter");

  await expect(page.getByRole("status").filter({ hasText: `“${name}” is verwijderd.` })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  expect(await docKeys(page)).toEqual([]);
  const undo = page.getByRole("button", { name: `Ongedaan maken: zet “${name}” terug` });
  await expect(undo).toBeFocused();

  await undo.click();
  await expect(page.getByRole("status").filter({ hasText: `“${name}” is teruggezet.` })).toBeVisible();
  expect(await storage(page)).toEqual(before);
  await expect(page.getByRole("link", { name, exact: true })).toBeFocused();
  await page.reload();
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  expect(problems.consoleErrors).toEqual([]);
});

test("unreadable stored data is shown with a download, kept, and the app still works", async ({ page, problems }) => {
  await fromVoorbeeld(page, /Begin met dit voorbeeld: Kleine leveranciers/);
  const garbage = '{"vertrekpunt": {"naam": "Half opgeslagen';
  await page.evaluate((g) => localStorage.setItem("ptw.doc.kapot", g), garbage);
  await page.reload();

  const warning = page.getByRole("region", { name: /een opgeslagen proeftuin kon niet worden gelezen/ });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText("ptw.doc.kapot");
  await expect(warning).toContainText("beschadigd of afgebroken");
  // The readable proeftuin is still listed.
  await expect(rows(page)).toHaveCount(2);

  const downloadPromise = page.waitForEvent("download");
  await warning.getByRole("button", { name: /Download de opgeslagen tekst/ }).click();
  const download = await downloadPromise;
  expect(fs.readFileSync(await download.path(), "utf8")).toBe(garbage);
  await expect(warning.getByRole("status")).toHaveText(/De tekst is gedownload/);
  expect((await storage(page))["ptw.doc.kapot"]).toBe(garbage);

  await expectNoA11yViolations(page);

  // Deleting it is a separate, confirmed choice.
  await warning.getByRole("button", { name: /Verwijder deze onleesbare gegevens/ }).click();
  await page.getByRole("button", { name: "Nee, laten staan" }).click();
  expect((await storage(page))["ptw.doc.kapot"]).toBe(garbage);

  // The rest of the app still works.
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await expect(page).toHaveURL(/\/vertrekpunt$/);
  await page.getByLabel("Naam van de proeftuin").fill("Gewoon verder");
  await expect(page.getByText(/Opgeslagen op dit apparaat/)).toBeVisible();
  expect((await storage(page))["ptw.doc.kapot"]).toBe(garbage);
  expect(problems.consoleErrors).toEqual([]);
});

test("export, delete and import gives back an identical proeftuin", async ({ page, problems }) => {
  await fromVoorbeeld(page, /Begin met dit voorbeeld: Berenschot/);
  const name = "Betaalde werkervaring voor hoger opgeleiden";
  const [key] = await docKeys(page);
  const before = (await storage(page))[key];
  const rowBefore = await page.getByRole("row", { name: new RegExp(name) }).innerText();

  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: `Exporteren: ${name}` }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("betaalde-werkervaring-voor-hoger-opgeleiden.proeftuin.json");
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ptw-export-")), download.suggestedFilename());
  await download.saveAs(file);
  const exported = JSON.parse(fs.readFileSync(file, "utf8"));
  expect(exported.format).toBe("proeftuin-wizard");

  await page.getByRole("button", { name: `Verwijderen: ${name}` }).click();
  await page.getByRole("button", { name: `Ja, verwijder “${name}”` }).click();
  expect(await docKeys(page)).toEqual([]);

  await page.getByLabel(IMPORT_LABEL).setInputFiles(file);
  const ok = page.getByRole("status").filter({ hasText: `“${name}” is geïmporteerd en staat nu op dit apparaat.` });
  await expect(ok).toBeVisible();
  expect(await docKeys(page)).toEqual([key]);
  expect((await storage(page))[key]).toBe(before);
  expect(await page.getByRole("row", { name: new RegExp(name) }).innerText()).toBe(rowBefore);

  // Importing the same file again does not overwrite: it becomes a separate copy.
  await page.getByLabel(IMPORT_LABEL).setInputFiles(file);
  await expect(page.getByRole("status").filter({ hasText: "aparte kopie" })).toBeVisible();
  const keys = await docKeys(page);
  expect(keys).toHaveLength(2);
  expect((await storage(page))[key]).toBe(before);
  const copy = JSON.parse((await storage(page))[keys.find((k) => k !== key)!]);
  const original = JSON.parse(before);
  expect({ ...copy, id: original.id }).toEqual(original);

  // The link in the message opens the imported proeftuin.
  await page.getByRole("link", { name: `Open “${name}”` }).click();
  await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue(name);
  expect(problems.consoleErrors).toEqual([]);
});

const BAD_FILES: { name: string; expected: string | RegExp; content?: Buffer }[] = [
  { name: "geen-json.json", expected: "Dit bestand kan de app niet lezen." },
  { name: "vreemd.json", expected: "Dit bestand is geen proeftuin-bestand van deze app." },
  { name: "lijst.json", expected: "Dit bestand is geen proeftuin-bestand van deze app." },
  { name: "nieuwere-versie.json", expected: "nieuwere versie van de app (versie 99)" },
  { name: "verkeerd-type.json", expected: "Bij vertrekpunt.naam: hier hoort tekst te staan." },
  { name: "onbekende-keuze.json", expected: /vertrekpunt\.categorie/ },
  { name: "score-negen.json", expected: "Een score moet 1, 2, 3, 4 of 5 zijn." },
  { name: "evaluatie-voor-start.json", expected: "De evaluatie kan niet vóór de start liggen." },
  { name: "leeg.json", expected: "Dit bestand kan de app niet lezen." },
  {
    name: "plaatje.json",
    expected: "Dit bestand kan de app niet lezen.",
    content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x00, 0x01]),
  },
  {
    name: "te-groot.json",
    expected: "Dit bestand is te groot. Een proeftuin-bestand is hooguit 2 MB.",
    content: Buffer.alloc(2 * 1024 * 1024 + 1, " "),
  },
];

test(`${BAD_FILES.length} kinds of bad import file are refused with a message and change nothing`, async ({ page, problems }) => {
  await fromVoorbeeld(page, /Begin met dit voorbeeld: KPMG/);
  const before = await storage(page);
  const input = page.getByLabel(IMPORT_LABEL);

  for (const bad of BAD_FILES) {
    if (bad.content) {
      await input.setInputFiles({ name: bad.name, mimeType: "application/json", buffer: bad.content });
    } else {
      await input.setInputFiles(path.join(FILES, bad.name));
    }
    const alert = page.getByRole("alert").filter({ hasText: `“${bad.name}” is niet geïmporteerd.` });
    await expect(alert, bad.name).toBeVisible();
    await expect(alert, bad.name).toContainText(bad.expected);
    await expect(alert).toContainText("Er is niets veranderd.");
    // The message is tied to the file input.
    await expect(input).toHaveAccessibleDescription(new RegExp(`“${bad.name.replace(".", "\\.")}” is niet geïmporteerd`));
    await expect(input).toHaveAttribute("aria-invalid", "true");
    expect(await storage(page), bad.name).toEqual(before);
    await expect(rows(page)).toHaveCount(2);
    await expect(page.getByRole("status").filter({ hasText: "is geïmporteerd" })).toHaveCount(0);
  }
  await expectNoA11yViolations(page);
  expect(problems.consoleErrors).toEqual([]);
});

test("the overview has no violations from axe or HTML_CodeSniffer, with a list, a message and the help", async ({ page }) => {
  await fromVoorbeeld(page, /Begin met dit voorbeeld: Digitaal platform/);
  await expect(page.getByRole("complementary", { name: "Goed om te weten" })).toContainText("alleen aantallen");
  await page.getByRole("button", { name: /^Dupliceren:/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Kopie gemaakt" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: /^Verwijderen:/ }).first().click();
  await expectNoA11yViolations(page);
});

// The browser decides whether it keeps a site's storage for good (Chromium: for example when
// the app is installed); the test gives both answers by standing in for that decision.
for (const kept of [true, false]) {
  test(`the overview says whether drafts are kept on this device (browser says ${kept ? "yes" : "no"})`, async ({ page, problems }) => {
    await page.addInitScript((answer) => {
      const asked = ((window as unknown as { __asked: string[] }).__asked = [] as string[]);
      Object.defineProperty(navigator.storage, "persisted", { value: async () => (asked.push("persisted"), answer) });
      Object.defineProperty(navigator.storage, "persist", { value: async () => (asked.push("persist"), answer) });
    }, kept);
    await openApp(page, "/");
    if (kept) {
      await expect(page.getByText("Je proeftuinen blijven op dit apparaat bewaard")).toBeVisible();
      await expect(page.getByText("belooft niet dat hij je proeftuinen bewaart")).toHaveCount(0);
      // Already kept: nothing more to ask.
      expect(await page.evaluate(() => (window as unknown as { __asked: string[] }).__asked)).toEqual(["persisted"]);
    } else {
      const warning = page.locator("#ov-bewaard");
      await expect(warning).toContainText("deze browser belooft niet dat hij je proeftuinen bewaart");
      await expect(warning.getByRole("listitem")).toHaveText([/^Installeer de app/, /knop Exporteren/, /Delen in de wizard/]);
      await expect(page.getByText("Je proeftuinen blijven op dit apparaat bewaard")).toHaveCount(0);
      // The app asked the browser to keep them.
      expect(await page.evaluate(() => (window as unknown as { __asked: string[] }).__asked)).toEqual(["persisted", "persist"]);
    }
    await expectNoA11yViolations(page);
    expect(problems.consoleErrors).toEqual([]);
  });
}
