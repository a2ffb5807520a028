// Step 2, Stakeholders, against the real server and release build: add three stakeholders
// with the keyboard only, see them on the map's table, reorder, remove and undo, reload.
import type { Locator, Page } from "@playwright/test";
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";

/** Presses Tab until `target` has the focus (keyboard only, like a real user). */
async function tabTo(page: Page, target: Locator, max = 80) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press("Tab");
  }
  throw new Error("could not reach the element with Tab");
}

type Person = {
  naam: string;
  organisatie: string;
  rolKey: string; // first letter of the role, typed on the closed select
  houding: string[]; // arrow keys from "Onbekend"
  invloed: string[]; // arrow keys from "Midden"
  nodig: string;
  contact: string;
  escalatielijn: boolean;
};

/** Adds one stakeholder from the "add" button, filling every field with the keyboard. */
async function addWithKeyboard(page: Page, p: Person) {
  const add = page.getByRole("button", { name: "Stakeholder toevoegen" });
  await tabTo(page, add);
  await page.keyboard.press("Enter");
  // Focus is in the new item's first field.
  await expect(page.getByRole("textbox", { name: /Naam of functie/ }).last()).toBeFocused();
  await page.keyboard.type(p.naam);
  await page.keyboard.press("Tab");
  await page.keyboard.type(p.organisatie);
  await page.keyboard.press("Tab");
  await page.keyboard.press(p.rolKey);
  await page.keyboard.press("Tab");
  await page.keyboard.type(p.contact);
  await page.keyboard.press("Tab");
  for (const key of p.houding) await page.keyboard.press(key);
  await page.keyboard.press("Tab");
  for (const key of p.invloed) await page.keyboard.press(key);
  await page.keyboard.press("Tab");
  await page.keyboard.type(p.nodig);
  await page.keyboard.press("Tab");
  if (p.escalatielijn) await page.keyboard.press("Space");
}

const people: Person[] = [
  {
    naam: "Inkoper DUO",
    organisatie: "DUO",
    rolKey: "I",
    houding: ["ArrowRight"], // Onbekend → Voorstander
    invloed: ["ArrowRight"], // Midden → Hoog
    nodig: "Ruimte in het contract",
    contact: "Categoriemanager",
    escalatielijn: true,
  },
  {
    naam: "Directeur P&O",
    organisatie: "DUO",
    rolKey: "H",
    houding: ["ArrowLeft"], // Onbekend → Kritisch
    invloed: ["ArrowRight"], // Midden → Hoog
    nodig: "Werkplekken voor kandidaten",
    contact: "Inkoper",
    escalatielijn: false,
  },
  {
    naam: "Beleidsadviseur OCW",
    organisatie: "OCW",
    rolKey: "B",
    houding: ["ArrowLeft", "ArrowLeft"], // Onbekend → Kritisch → Neutraal
    invloed: ["ArrowLeft"], // Midden → Laag
    nodig: "Aansluiting bij de Banenafspraak",
    contact: "Inkoper",
    escalatielijn: false,
  },
];

function mapTable(page: Page) {
  return page.getByRole("table", { name: /Stakeholderkaart als tabel/ });
}

/** The cell of the map's table for an influence row and a stance column (0 kritisch, 1 neutraal of onbekend, 2 voorstander). */
function cell(page: Page, invloed: string, column: number) {
  return mapTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("rowheader", { name: invloed, exact: true }) })
    .getByRole("cell")
    .nth(column);
}

function listHeadings(page: Page) {
  return page
    .getByRole("region", { name: "Stakeholders", exact: true })
    .getByRole("heading", { level: 3 });
}

test("stakeholders: add with the keyboard, map table, reorder, remove and undo, survive a reload", async ({ page, problems }) => {
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Vertrekpunt");
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Stakeholders/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Stap 2 van 5 – Stakeholders");
  await expect(page.getByText("Er staan nog geen stakeholders in de lijst.")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Nog niemand van HR / P&O." })).toBeVisible();

  for (const p of people) await addWithKeyboard(page, p);

  await expect(listHeadings(page)).toHaveText([/^1\. Inkoper DUO/, /^2\. Directeur P&O/, /^3\. Beleidsadviseur OCW/]);
  const directeur = page.getByRole("listitem", { name: /Directeur P&O/ });
  await expect(directeur.getByRole("combobox", { name: /Rol/ })).toHaveValue("hr");
  await expect(directeur.getByRole("radio", { name: "Kritisch" })).toBeChecked();
  await expect(directeur.getByRole("radio", { name: "Hoog" })).toBeChecked();
  await expect(directeur.getByRole("textbox", { name: "Wat hebben we van hen nodig?" })).toHaveValue("Werkplekken voor kandidaten");
  await expect(directeur.getByRole("textbox", { name: "Wie onderhoudt het contact?" })).toHaveValue("Inkoper");
  await expect(directeur.getByRole("textbox", { name: "Organisatie" })).toHaveValue("DUO");
  await expect(page.getByRole("listitem", { name: /Inkoper DUO/ }).getByRole("checkbox", { name: /Escalatielijn/ })).toBeChecked();

  // The map's accessible table shows everyone in the right cell.
  await expect(cell(page, "Hoog", 2)).toContainText("1. Inkoper DUO (escalatielijn)");
  await expect(cell(page, "Hoog", 0)).toContainText("2. Directeur P&O");
  await expect(cell(page, "Laag", 1)).toContainText("3. Beleidsadviseur OCW");
  await expect(cell(page, "Midden", 1)).toContainText("Niemand");
  await expect(page.getByRole("img", { name: /Stakeholderkaart: invloed en houding/ })).toBeVisible();

  // The checklist: Inkoop, HR, Beleid and an escalation line are all there.
  await expect(page.getByText("4 van de 4 punten zijn in orde.")).toBeVisible();
  await expect(page.getByText(/Directeur P&O is kritisch en heeft veel invloed/)).toBeVisible();
  await expectNoA11yViolations(page);

  // Reorder: the third one goes up; focus stays on its button.
  const up = page.getByRole("button", { name: /Zet Beleidsadviseur OCW hoger/ });
  await up.click();
  await expect(up).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Beleidsadviseur OCW staat nu op plaats 2 van 3." })).toBeVisible();
  await expect(listHeadings(page)).toHaveText([/^1\. Inkoper DUO/, /^2\. Beleidsadviseur OCW/, /^3\. Directeur P&O/]);
  await expect(cell(page, "Hoog", 0)).toContainText("3. Directeur P&O");

  // Remove the last one, then undo.
  await page.getByRole("button", { name: /Verwijder Directeur P&O/ }).click();
  await expect(page.getByRole("status").filter({ hasText: "Directeur P&O is verwijderd." })).toBeVisible();
  await expect(page.getByRole("button", { name: "Stakeholder toevoegen" })).toBeFocused();
  await expect(listHeadings(page)).toHaveCount(2);
  await expect(cell(page, "Hoog", 0)).toContainText("Niemand");
  await page.getByRole("button", { name: /Ongedaan maken/ }).click();
  await expect(listHeadings(page)).toHaveText([/^1\. Inkoper DUO/, /^2\. Beleidsadviseur OCW/, /^3\. Directeur P&O/]);
  // Focus is back on the item put back, in its first control (it is still open: its name field).
  await expect(page.getByRole("listitem", { name: /Directeur P&O/ }).getByRole("textbox", { name: /Naam of functie/ })).toBeFocused();
  await expect(page.getByRole("button", { name: /Ongedaan maken/ })).toHaveCount(0);

  // Everything is stored on this device: after a reload it is all back.
  await expect(page.getByText(/Opgeslagen op dit apparaat om/)).toBeVisible();
  await page.reload();
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
  await expect(listHeadings(page)).toHaveText([/^1\. Inkoper DUO/, /^2\. Beleidsadviseur OCW/, /^3\. Directeur P&O/]);
  // After a reload every item is folded to one row with a summary; "Bewerk" opens it.
  const folded = page.getByRole("listitem", { name: /Directeur P&O/ });
  await expect(folded).toContainText("HR / P&O – invloed hoog – kritisch");
  await expect(folded.getByRole("radio")).toHaveCount(0);
  await folded.getByRole("button", { name: "Bewerk Directeur P&O" }).click();
  await expect(folded.getByRole("button", { name: "Sluit Directeur P&O" })).toHaveAttribute("aria-expanded", "true");
  await expect(folded.getByRole("radio", { name: "Kritisch" })).toBeChecked();
  await expect(cell(page, "Hoog", 2)).toContainText("1. Inkoper DUO (escalatielijn)");
  await expect(cell(page, "Laag", 1)).toContainText("2. Beleidsadviseur OCW");
  await expectNoA11yViolations(page);

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.failedRequests).toEqual([]);
});

test("stakeholders: 'Volgende' on an empty list says what is missing and leads to the list", async ({ page, problems }) => {
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Stakeholders/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Stakeholders");

  // The quick button in the checklist adds someone with that role and focuses the name.
  await page.getByRole("button", { name: "Voeg iemand van HR / P&O toe" }).click();
  const name = page.getByRole("textbox", { name: /Naam of functie/ });
  await expect(name).toBeFocused();
  await expect(page.getByRole("combobox", { name: /Rol/ })).toHaveValue("hr");
  await expect(page.getByText("HR / P&O zit aan tafel: (nog geen naam).")).toBeVisible();

  await page.getByRole("button", { name: /Volgende: Plan van Aanpak/ }).click();
  const summary = page.getByRole("alert").filter({ hasText: "Deze stap is nog niet compleet" });
  await expect(summary).toBeVisible();
  await expect(page.getByText("Vul een naam of functie in.").first()).toBeVisible();
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await summary.getByRole("link", { name: /Voeg minstens twee stakeholders toe/ }).click();
  // The link lands in the list, on its first field.
  await expect(name).toBeFocused();
  await expectNoA11yViolations(page);
  expect(problems.consoleErrors).toEqual([]);
});
