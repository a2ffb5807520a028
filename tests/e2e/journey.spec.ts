// A new user builds a complete, realistic proeftuin through all five steps with the
// keyboard only (Tab, Shift+Tab, Enter, Space, arrows, typing), then prints it and
// finds every section of the plan, with what was typed.
import type { Locator, Page } from "@playwright/test";
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";
import { activate, tabTo, typeDate, typeInto } from "./keyboard";

const SCORES: [string, number][] = [
  ["Haalbare aantallen en planning", 4],
  ["Begeleiding en capaciteit", 5],
  ["Draagvlak en eigenaarschap", 4],
  ["Past bij de leverancier", 4],
  ["Afstand tot de arbeidsmarkt", 4],
  ["Omvang", 3],
  ["Blijvend werk", 4],
  ["Beleidsdoelen en meerwaarde", 4],
];

async function next(page: Page, step: string, number: number) {
  await activate(page, page.getByRole("button", { name: new RegExp(`^Volgende: ${step}`) }));
  await expect(page.getByRole("heading", { level: 1, name: `Stap ${number} van 5 – ${step}` })).toBeFocused();
  await expect(page.getByRole("alert").filter({ hasText: "nog niet compleet" })).toHaveCount(0);
}

async function selectByTyping(page: Page, select: Locator, text: string) {
  await tabTo(page, select);
  await page.keyboard.type(text);
}

async function tick(page: Page, box: Locator) {
  await tabTo(page, box);
  await page.keyboard.press("Space");
  await expect(box).toBeChecked();
}

test("a new user completes a proeftuin with the keyboard only and prints every section", async ({ page, problems }) => {
  test.setTimeout(180_000);
  await openApp(page, "/");
  await activate(page, page.getByRole("button", { name: "Nieuwe proeftuin" }));
  await expect(page.getByRole("heading", { level: 1, name: "Stap 1 van 5 – Vertrekpunt" })).toBeVisible();

  // Step 1: Vertrekpunt.
  await typeInto(page, page.getByLabel("Naam van de proeftuin"), "Facilitair DJI: werk voor ex-gedetineerden");
  await typeInto(page, page.getByLabel(/^Opdrachtgever/), "Dienst Justitiële Inrichtingen (DJI)");
  await selectByTyping(page, page.getByLabel("Inkoopcategorie"), "Facilitair");
  await expect(page.getByLabel("Inkoopcategorie")).toHaveValue("facilitair");
  await selectByTyping(page, page.getByLabel("Situatie"), "Nieuwe");
  await activate(page, page.getByRole("button", { name: "Leverancier toevoegen" }));
  await expect(page.getByLabel("Naam leverancier")).toBeFocused();
  await page.keyboard.type("Schoonmaakbedrijf Helder");
  await typeInto(page, page.getByLabel(/^Contractwaarde/), "600.000");
  await typeInto(page, page.getByLabel("Looptijd"), "24");
  await expect(page.getByText(/5% = € 30\.000/)).toBeVisible();
  await typeDate(page, page.getByLabel("Startdatum"), "02", "2027");
  await expect(page.getByLabel("Evaluatiedatum")).toHaveValue("2028-02-02");
  await tick(page, page.getByRole("checkbox", { name: /Banenafspraak/ }));
  await next(page, "Stakeholders", 2);

  // Step 2: the right people at the table.
  const people: [string, string][] = [["Inkoper DJI", "Inkoop"], ["HR-adviseur DJI", "HR"], ["Beleidsmedewerker re-integratie", "Beleid"]];
  for (const [naam, rol] of people) {
    await activate(page, page.getByRole("button", { name: "Stakeholder toevoegen" }));
    await expect(page.getByRole("textbox", { name: /Naam of functie/ }).last()).toBeFocused();
    await page.keyboard.type(naam);
    await selectByTyping(page, page.getByRole("combobox", { name: /^Rol/ }).last(), rol);
  }
  // The first one supports the plan, has high influence and is the escalation line.
  const first = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: /Inkoper DJI/ }) });
  await tabTo(page, first.getByRole("radio", { name: "Onbekend" }), { backwards: true });
  await page.keyboard.press("ArrowRight");
  await expect(first.getByRole("radio", { name: "Voorstander" })).toBeChecked();
  await tick(page, first.getByRole("checkbox", { name: /Escalatielijn/ }));
  await next(page, "Plan van Aanpak", 3);

  // Step 3: the plan van aanpak.
  await tick(page, page.getByRole("checkbox", { name: /gedetineerden/ }));
  await typeInto(page, page.getByLabel(/^Ambitie/), "Zes ex-gedetineerden krijgen een betaalde baan in de schoonmaak bij DJI.");
  await tick(page, page.getByRole("checkbox", { name: /^Betaalde baan/ }));
  await typeInto(page, page.getByLabel(/^Aantal kandidaten/), "6");
  await typeInto(page, page.getByLabel(/^Aantal plaatsen/), "6");
  await typeInto(page, page.getByLabel(/^Uren per week/), "32");
  await typeInto(page, page.getByLabel(/^Begeleiding/), "Een jobcoach van de reclassering begeleidt kandidaat en teamleider.");
  await typeInto(page, page.getByLabel(/^Wensen van de leverancier/), "Een vaste contactpersoon bij DJI en snelle screening.");
  await activate(page, page.getByRole("button", { name: "Afspraak toevoegen" }));
  await expect(page.getByRole("radio", { name: "Leverancier" })).toBeFocused();
  await page.keyboard.press("ArrowLeft"); // Leverancier -> Opdrachtgever
  await expect(page.getByRole("radio", { name: "Opdrachtgever" })).toBeChecked();
  await typeInto(page, page.getByLabel(/^Afspraak( \(verplicht\))?$/), "DJI regelt de screening binnen vier weken");
  await typeInto(page, page.getByLabel(/^Eigenaar/), "Contractmanager DJI");
  await typeInto(page, page.getByLabel(/^Duurzaamheid/), "Na een jaar krijgen kandidaten die het goed doen een vast contract.");
  await activate(page, page.getByRole("button", { name: "Indicator toevoegen" }));
  await page.keyboard.type("Aantal kandidaten aan het werk");
  await selectByTyping(page, page.getByLabel("Hoe vaak rapporteren?"), "Per kwartaal");
  await next(page, "Beoordeling", 4);

  // Step 4: scores with reasons, and the verdict.
  for (const [title, score] of SCORES) {
    const group = page.getByRole("group", { name: title, exact: true });
    await tabTo(page, group.getByRole("radio", { name: "Nog geen score" }));
    for (let i = 0; i < score; i++) await page.keyboard.press("ArrowRight");
    await expect(group.getByRole("radio", { name: new RegExp(`^${score} – `) })).toBeChecked();
    await page.keyboard.press("Tab");
    await expect(group.getByRole("textbox", { name: /^Onderbouwing/ })).toBeFocused();
    await page.keyboard.type(`Onderbouwing: ${title.toLowerCase()} is goed geregeld.`);
  }
  await expect(page.getByText("Voorstel: Accepteren")).toBeVisible();
  const verdict = page.getByRole("group", { name: /Jouw oordeel/ });
  await tabTo(page, verdict.getByRole("radio", { name: "Accepteren" }));
  await page.keyboard.press("Space");
  await expect(verdict.getByRole("radio", { name: "Accepteren" })).toBeChecked();
  await typeInto(page, page.getByRole("textbox", { name: /Toelichting op het oordeel/ }), "Haalbaar plan met zicht op vast werk.");
  await next(page, "Afronden", 5);

  // Step 5: complete, a status, print.
  await expect(page.getByText(/compleet/i).first()).toBeVisible();
  await expect(page.getByRole("heading", { name: "Wat nog ontbreekt" })).toHaveCount(0);
  const status = page.getByRole("group", { name: "Status van de proeftuin" });
  await tabTo(page, status.getByRole("radio", { name: "Concept" }));
  await page.keyboard.press("ArrowDown");
  await expect(status.getByRole("radio", { name: "Ter beoordeling" })).toBeChecked();
  await expectNoA11yViolations(page);

  await page.evaluate(() => {
    (window as unknown as { __printed: number }).__printed = 0;
    window.print = () => {
      (window as unknown as { __printed: number }).__printed += 1;
    };
  });
  await activate(page, page.getByRole("button", { name: "Afdrukken of opslaan als PDF" }));
  expect(await page.evaluate(() => (window as unknown as { __printed: number }).__printed)).toBe(1);

  await page.emulateMedia({ media: "print" });
  const plan = page.getByRole("article");
  await expect(plan.getByRole("heading", { level: 1, name: "Facilitair DJI: werk voor ex-gedetineerden" })).toBeVisible();
  for (const s of ["1. Vertrekpunt", "2. Stakeholders", "3. Plan van Aanpak", "4. Beoordeling", "5. Status en notities"]) {
    await expect(plan.getByRole("heading", { level: 2, name: s })).toBeVisible();
  }
  for (const text of ["Schoonmaakbedrijf Helder", "€ 600.000", "Inkoper DJI", "HR-adviseur DJI", "Beleidsmedewerker re-integratie",
    "Zes ex-gedetineerden krijgen een betaalde baan", "DJI regelt de screening binnen vier weken", "Contractmanager DJI",
    "Haalbaar plan met zicht op vast werk.", "Ter beoordeling"]) {
    await expect(plan, text).toContainText(text);
  }
  await expect(plan.getByRole("img", { name: /realisme/i })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Stappen" })).toBeHidden();
  await expect(page.getByRole("banner")).toBeHidden();

  // Everything survived: a reload brings the same plan back.
  await page.emulateMedia({ media: "screen" });
  await page.reload();
  await expect(page.getByRole("group", { name: "Status van de proeftuin" }).getByRole("radio", { name: "Ter beoordeling" })).toBeChecked();
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.failedRequests).toEqual([]);
});
