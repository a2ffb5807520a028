// Several assessors: three browser contexts score alone (one of them offline until the
// end), the owner sees who handed in but not what, then moderates with every original kept.
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";
import type { Browser, Page } from "@playwright/test";

const ASSESSORS = ["Inkoop", "Opdrachtgever", "HR"];

async function ownerWithRound(page: Page): Promise<string[]> {
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await page.getByLabel("Naam van de proeftuin").fill("Panel beoordeelt");
  await page.getByRole("button", { name: "Delen" }).click();
  await page.getByRole("button", { name: "Op de server zetten en delen" }).click();
  await expect(page.getByRole("textbox", { name: "Link om samen te bewerken" })).toBeFocused();

  await page.getByRole("link", { name: "Beoordelaars" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Beoordelaars" })).toBeVisible();
  for (const [i, label] of ASSESSORS.entries()) {
    await page.getByLabel(`Beoordelaar ${i + 1}`, { exact: true }).fill(label);
  }
  await page.getByRole("button", { name: "Start de ronde" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ronde 1 is gestart" })).toBeVisible();
  await expectNoA11yViolations(page);
  const links: string[] = [];
  for (const label of ASSESSORS) {
    links.push(await page.getByRole("textbox", { name: `Persoonlijke link voor ${label}` }).inputValue());
  }
  for (const l of links) expect(l).toMatch(/\/beoordelen\/[0-9a-f]{32}#sleutel=/);
  return links;
}

async function openAssessor(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
  await expect(page.getByRole("heading", { level: 1, name: /^Beoordelen: / })).toBeVisible();
  return { context, page };
}

/** Scores every criterion with `score` and a reason that names the assessor. */
async function scoreAll(page: Page, score: number, who: string) {
  const criteria = page.locator("fieldset.ptw-bo-crit");
  await expect(criteria).toHaveCount(8);
  for (let i = 0; i < 8; i++) {
    const c = criteria.nth(i);
    await c.getByRole("radio", { name: new RegExp(`^\\s*${score}\\b`) }).check();
    await c.getByRole("textbox").fill(`Reden van ${who} bij criterium ${i + 1}`);
  }
}

async function handIn(page: Page) {
  await page.getByRole("button", { name: "Inleveren" }).click();
  await page.getByRole("button", { name: "Ja, lever mijn scores in" }).click();
  await expect(page.getByText(/Je hebt je scores ingeleverd op/)).toBeVisible();
}

test("three assessors score alone, one offline until the end; moderation keeps every original", async ({ page, browser }) => {
  test.setTimeout(180_000);
  const links = await ownerWithRound(page);
  const [a, b, c] = await Promise.all(links.map((l) => openAssessor(browser, l)));
  await expect(a.page.getByText("Je beoordeelt als Inkoop in ronde 1.")).toBeVisible();
  await expectNoA11yViolations(a.page);

  // C works offline from here on: the draft stays on the device.
  await c.context.setOffline(true);
  await scoreAll(c.page, 2, "HR");
  await expect(c.page.getByText(/Geen verbinding: het concept gaat naar de server/)).toBeVisible();
  await c.page.reload();
  await expect(c.page.locator("fieldset.ptw-bo-crit").first().getByRole("textbox")).toHaveValue("Reden van HR bij criterium 1");

  // Handing in with a gap: the missing fields are listed and linked.
  await a.page.locator("fieldset.ptw-bo-crit").first().getByRole("radio", { name: /^\s*4\b/ }).check();
  await a.page.getByRole("button", { name: "Inleveren" }).click();
  await expect(a.page.getByRole("alert").filter({ hasText: "Nog niet compleet" })).toBeFocused();

  await scoreAll(a.page, 4, "Inkoop");
  await handIn(a.page);
  await scoreAll(b.page, 3, "Opdrachtgever");
  await handIn(b.page);
  // Handed in is final: the fields are disabled.
  await expect(a.page.locator("fieldset.ptw-bo-crit").first().getByRole("textbox")).toBeDisabled();

  // Nobody sees another's scores: not on the page, not in what the server sends.
  const aText = await a.page.content();
  expect(aText).not.toContain("Reden van Opdrachtgever");
  const aAnswer = await a.page.evaluate(async () => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("ptw.assess.") && k.endsWith(".info"))!;
    const info = JSON.parse(localStorage.getItem(key)!);
    const id = location.pathname.split("/").pop();
    const res = await fetch(`/api/proeftuinen/${id}/assessment`, { headers: { "X-Proeftuin-Secret": info.secret } });
    const doc = await fetch(`/api/proeftuinen/${id}`, { headers: { "X-Proeftuin-Secret": info.secret } });
    return (await res.text()) + (await doc.text());
  });
  expect(aAnswer).not.toContain("Reden van Opdrachtgever");
  expect(aAnswer).not.toContain("Reden van HR");

  // The owner sees who handed in, not what.
  await page.reload();
  await expect(page.getByText("2 van 3 beoordelaars hebben ingeleverd.")).toBeVisible();
  await expect(page.getByText("Reden van Inkoop", { exact: false })).toHaveCount(0);

  // C comes back online at the very end: the draft goes up, then C hands in.
  await c.context.setOffline(false);
  await expect(c.page.getByText(/Concept op de server om/)).toBeVisible({ timeout: 20_000 });
  await handIn(c.page);

  // Moderation: all three side by side with the spread.
  await page.reload();
  await expect(page.getByText("3 van 3 beoordelaars hebben ingeleverd.")).toBeVisible();
  const first = page.locator(".ptw-moderation__crit").first();
  await expect(first.getByRole("row")).toHaveCount(4);
  await expect(first.getByText(/spreiding 2 punten/)).toBeVisible();
  await expect(first.getByRole("cell", { name: "Reden van HR bij criterium 1" })).toBeVisible();

  // The agreed score differs from the originals: the differences show, the originals stay.
  await first.getByRole("radio", { name: /^\s*3\b/ }).check();
  await first.getByRole("textbox", { name: /Onderbouwing/ }).fill("Afgesproken in het panel na bespreking");
  const inkoop = first.getByRole("row", { name: /^Inkoop/ });
  await expect(inkoop.getByRole("cell").nth(0)).toHaveText("4");
  await expect(inkoop.getByRole("cell").nth(3)).toHaveText("-1");
  const hr = first.getByRole("row", { name: /^HR/ });
  await expect(hr.getByRole("cell").nth(3)).toHaveText("+1");
  await expectNoA11yViolations(page);

  // A handed-in score cannot be changed by its assessor, not even through the API.
  const status = await a.page.evaluate(async () => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("ptw.assess.") && k.endsWith(".info"))!;
    const info = JSON.parse(localStorage.getItem(key)!);
    const id = location.pathname.split("/").pop();
    const res = await fetch(`/api/proeftuinen/${id}/assessment`, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "X-Proeftuin-Secret": info.secret },
      body: JSON.stringify({ scores: [] }),
    });
    return res.status;
  });
  expect(status).toBe(409);

  // The print view of the plan shows the agreed outcome.
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Afronden/ }).click();
  await page.emulateMedia({ media: "print" });
  const plan = page.locator(".ptw-plandoc");
  await expect(plan).toContainText("Afgesproken in het panel na bespreking");
  await expect(plan.getByRole("table", { name: "Eerste scores van de beoordelaars en de afgesproken score" })).toBeVisible();
  await expect(plan).toContainText("Scores van het panel (ronde 1)");
  await expect(plan).toContainText("4 (verschil -1)");
  await expect(plan).toContainText("2 (verschil +1)");
  await page.emulateMedia({ media: "screen" });
  await Promise.all([a, b, c].map((x) => x.context.close()));
});

test("a wrong assessor link gets a clear message", async ({ page }) => {
  await openApp(page, "/beoordelen/0123456789abcdef0123456789abcdef#sleutel=verkeerdesleutelverkeerdesleutelverkeerd");
  await expect(page.getByRole("alert")).toContainText("Deze beoordelingslink werkt niet");
  await openApp(page, "/beoordelen/0123456789abcdef0123456789abcdef");
  await expect(page.getByRole("alert")).toContainText("Deze link is niet volledig");
  await expectNoA11yViolations(page);
});
