// Step 4, Beoordeling, end to end: from a voorbeeld, score all criteria with the keyboard,
// choose the verdict, see the results and the chart, reload, follow an aandachtspunt.
import type { Locator, Page } from "@playwright/test";
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";

const REALISME: [string, number][] = [
  ["Haalbare aantallen en planning", 4],
  ["Begeleiding en capaciteit", 4],
  ["Draagvlak en eigenaarschap", 3],
  ["Past bij de leverancier", 4],
];
const IMPACT: [string, number][] = [
  ["Afstand tot de arbeidsmarkt", 4],
  ["Omvang", 3],
  ["Blijvend werk", 4],
  ["Beleidsdoelen en meerwaarde", 3],
];
const ALL = [...REALISME, ...IMPACT];

const reasonFor = (title: string) => `Onderbouwing bij ${title.toLowerCase()}.`;

function criterion(page: Page, title: string): Locator {
  return page.getByRole("group", { name: title, exact: true });
}

function scoreRadio(group: Locator, score: number): Locator {
  return group.getByRole("radio", { name: new RegExp(`^${score} – `) });
}

async function startFromExample(page: Page) {
  await openApp(page, "/");
  await page
    .getByRole("button", { name: /^Begin met dit voorbeeld.*EY en ITvitae/ })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stap 1 van 5 – Vertrekpunt");
}

async function goToStep(page: Page, step: string) {
  await page
    .getByRole("navigation", { name: "Stappen" })
    .getByRole("link", { name: new RegExp(`^${step}`) })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(step);
}

async function expectSaved(page: Page) {
  await expect(page.getByText(/^Opgeslagen op dit apparaat/)).toBeVisible();
}

test("score a voorbeeld with the keyboard, choose a verdict, reload and follow an aandachtspunt", async ({
  page,
  problems,
}) => {
  await startFromExample(page);
  await goToStep(page, "Beoordeling");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stap 4 van 5 – Beoordeling");

  // The example has no aandachtspunten, and nothing is scored yet.
  await expect(page.getByText(/De wizard ziet geen aandachtspunten in dit plan/)).toBeVisible();
  await expect(page.getByText("Nog geen voorstel.")).toBeVisible();
  await expect(page.getByText("Nog geen punt in de grafiek", { exact: false })).toBeVisible();
  // Every anchor is visible next to its score.
  const first = criterion(page, "Haalbare aantallen en planning");
  await expect(first.getByText("Aantallen en planning ontbreken of zijn niet te halen.")).toBeVisible();
  await expect(
    first.getByText("Alles is concreet en haalbaar, met mijlpalen en een plan voor tegenvallers."),
  ).toBeVisible();
  await expectNoA11yViolations(page);

  // Keyboard only from here: the assessor's name, then each criterion in tab order.
  const assessor = page.getByRole("textbox", { name: "Beoordeeld door (naam of rol)" });
  await assessor.focus();
  await page.keyboard.type("Categoriemanager ICT");
  for (const [title, score] of ALL) {
    const group = criterion(page, title);
    await page.keyboard.press("Tab");
    await expect(group.getByRole("radio", { name: "Nog geen score" })).toBeFocused();
    for (let i = 0; i < score; i++) await page.keyboard.press("ArrowRight");
    await expect(scoreRadio(group, score)).toBeChecked();
    await expect(scoreRadio(group, score)).toBeFocused();
    await page.keyboard.press("Tab");
    const reason = group.getByRole("textbox", { name: /^Onderbouwing/ });
    await expect(reason).toBeFocused();
    await page.keyboard.type(reasonFor(title));
  }

  // Results: means with a Dutch comma, counts and the suggested verdict.
  const scores = page.getByRole("definition").filter({ hasText: /van 5$/ });
  await expect(scores).toHaveText(["3,8 van 5", "3,5 van 5"]);
  await expect(page.getByText("4 van 4 criteria gescoord", { exact: true })).toHaveCount(2);
  await expect(page.getByText("Score realisme: 3,8 (4 van 4 criteria gescoord)")).toBeVisible();
  await expect(page.getByText("Score impact: 3,5 (4 van 4 criteria gescoord)")).toBeVisible();
  await expect(page.getByText("Voorstel: Accepteren")).toBeVisible();
  await expect(page.getByText("Realisme en impact zijn allebei 3,5 of hoger.")).toBeVisible();
  const chart = page.getByRole("img", { name: /het plan op realisme en impact/ });
  await expect(chart).toBeVisible();
  await expect(chart).toHaveAccessibleName(/realisme 3,8 en impact 3,5/);
  await expect(chart).toHaveAccessibleName(/Sterk plan/);
  await expect(page.locator("figcaption")).toContainText("realisme 3,8, impact 3,5");

  // The rules behind the suggestion open with the keyboard.
  await page.keyboard.press("Tab");
  await expect(page.getByText("Hoe komt het voorstel tot stand?")).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByText(/realisme of impact is lager dan 2,5/)).toBeVisible();

  // The verdict: a different one than suggested asks for an explanation.
  await page.keyboard.press("Tab");
  const verdict = page.getByRole("group", { name: /Jouw oordeel/ });
  await expect(verdict.getByRole("radio", { name: "Accepteren" })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(verdict.getByRole("radio", { name: "Aanpassen" })).toBeChecked();
  await expect(page.getByText(/Je kiest een ander oordeel dan het voorstel \(accepteren\)/)).toBeVisible();
  await page.keyboard.press("Tab");
  const toelichting = page.getByRole("textbox", { name: /Toelichting op het oordeel/ });
  await expect(toelichting).toBeFocused();
  await expect(toelichting).toHaveAccessibleDescription(/ander oordeel dan het voorstel/);
  await page.keyboard.type("Sterk plan, maar de omvang moet groter: vraag om twee extra plekken.");
  await expectNoA11yViolations(page);
  await expectSaved(page);

  // Everything is back after a reload.
  await page.reload();
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stap 4 van 5 – Beoordeling");
  await expect(assessor).toHaveValue("Categoriemanager ICT");
  for (const [title, score] of ALL) {
    const group = criterion(page, title);
    await expect(scoreRadio(group, score)).toBeChecked();
    await expect(group.getByRole("textbox", { name: /^Onderbouwing/ })).toHaveValue(reasonFor(title));
  }
  await expect(verdict.getByRole("radio", { name: "Aanpassen" })).toBeChecked();
  await expect(toelichting).toHaveValue(/de omvang moet groter/);
  await expect(scores).toHaveText(["3,8 van 5", "3,5 van 5"]);
  await expect(page.getByText("Voorstel: Accepteren")).toBeVisible();
  await expect(
    page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /^Beoordeling \(compleet\)/ }),
  ).toBeVisible();

  // Without an evaluation date the plan gets an aandachtspunt that leads back to the field.
  await goToStep(page, "Vertrekpunt");
  await page.getByLabel("Evaluatiedatum").fill("");
  await expectSaved(page);
  await goToStep(page, "Beoordeling");
  const link = page.getByRole("link", { name: "Ga naar Vertrekpunt voor: Geen datum voor de evaluatie" });
  await expect(page.getByText("De wizard ziet 1 aandachtspunt in dit plan.")).toBeVisible();
  await link.focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stap 1 van 5 – Vertrekpunt");
  await expect(page.getByLabel("Evaluatiedatum")).toBeFocused();

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.failedRequests).toEqual([]);
});

test("clearing a score keeps the reason, and missing parts are shown at their fields", async ({ page, problems }) => {
  await startFromExample(page);
  await goToStep(page, "Beoordeling");

  const group = criterion(page, "Blijvend werk");
  const reason = group.getByRole("textbox", { name: /^Onderbouwing/ });
  await scoreRadio(group, 5).focus();
  await page.keyboard.press("Space");
  await expect(scoreRadio(group, 5)).toBeChecked();
  await reason.focus();
  await page.keyboard.type("Een vaste plek is afgesproken.");
  await group.getByRole("radio", { name: "Nog geen score" }).focus();
  await page.keyboard.press("Space");
  await expect(group.getByRole("radio", { name: "Nog geen score" })).toBeChecked();
  await expect(reason).toHaveValue("Een vaste plek is afgesproken.");

  // "Volgende" lists what is missing; a link lands on the score of that criterion.
  await page.getByRole("button", { name: "Volgende: Afronden" }).click();
  const summary = page.getByRole("alert").filter({ hasText: "Deze stap is nog niet compleet" });
  await expect(summary).toBeVisible();
  await summary.getByRole("link", { name: "Geef een score van 1 tot 5 voor: Blijvend werk." }).click();
  await expect(group.getByRole("radio", { name: "Nog geen score" })).toBeFocused();
  await expect(group).toHaveAccessibleDescription(/Geef een score van 1 tot 5 voor: Blijvend werk\./);
  await expect(reason).not.toHaveAttribute("aria-invalid", "true");
  await expectNoA11yViolations(page);
  expect(problems.consoleErrors).toEqual([]);
});
