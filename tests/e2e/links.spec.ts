// Links that can be revoked and assessor links that are invitations: several browser
// contexts are several devices, against the real release server and bundle.
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";
import type { Browser, Page } from "@playwright/test";

const SYNCED = /Server: gesynchroniseerd om \d\d:\d\d/;

/** A new proeftuin with a name, put on the server from the Delen panel (left open). */
async function sharedProeftuin(page: Page, naam: string) {
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await page.getByLabel("Naam van de proeftuin").fill(naam);
  await expect(page.getByText(/^Opgeslagen op dit apparaat om/)).toBeVisible();
  await page.getByRole("button", { name: "Delen" }).click();
  await page.getByRole("button", { name: "Op de server zetten en delen" }).click();
  await expect(page.getByRole("textbox", { name: "Link om samen te bewerken" })).toBeFocused();
  await expect(page.getByText(SYNCED)).toBeVisible();
}

async function newDevice(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
  return { context, page };
}

test("the owner revokes a read link on the Delen panel and the reader's next load says it no longer works", async ({ page, browser }) => {
  await sharedProeftuin(page, "Leeslink intrekken");
  const links = page.getByRole("region", { name: "Links van deze proeftuin" });
  await expect(links.getByText("Bewerklink (deze link gebruik je nu)")).toBeVisible();
  await page.getByRole("button", { name: "Maak een leeslink" }).click();
  const readBox = page.getByRole("textbox", { name: "Leeslink" });
  await expect(readBox).toBeFocused();
  const readUrl = await readBox.inputValue();
  expect(readUrl).toMatch(/\/open\/[0-9a-f]{32}#sleutel=[A-Za-z0-9_-]{40,}$/);
  await expect(links.getByText("Leeslink", { exact: true })).toBeVisible();
  await expect(links.getByText(/Gemaakt op \d\d-\d\d-\d{4} \d\d:\d\d, nog niet gebruikt\./)).toBeVisible();

  // The reader opens the plan on another device.
  const reader = await newDevice(browser, readUrl);
  await expect(reader.page.getByRole("heading", { level: 1, name: "Stap 1 van 5 – Vertrekpunt" })).toBeVisible();
  await expect(reader.page.getByLabel("Naam van de proeftuin")).toHaveValue("Leeslink intrekken");
  await expect(reader.page.getByLabel("Naam van de proeftuin")).toBeDisabled();
  await expect(reader.page.getByText(/alleen lezen/)).toBeVisible();

  // The owner sees when it was used, and revokes it after a confirmation.
  await page.reload();
  await page.getByRole("button", { name: "Delen" }).click();
  const readItem = links.getByRole("listitem").filter({ has: page.getByText("Leeslink", { exact: true }) });
  await expect(readItem.getByText(/laatst gebruikt op \d\d-\d\d-\d{4} \d\d:\d\d\./)).toBeVisible();
  await expect(links.getByRole("button", { name: /^Intrekken: Bewerklink/ })).toHaveCount(0);
  await links.getByRole("button", { name: /^Intrekken: Leeslink, gemaakt op / }).click();
  await expect(links.getByText(/Weet je zeker dat je deze link wilt intrekken \(Leeslink\)\?/)).toBeFocused();
  await expectNoA11yViolations(page);
  await links.getByRole("button", { name: "Ja, trek deze link in" }).click();
  await expect(links.getByRole("status")).toContainText("De link is ingetrokken: Leeslink.");
  await expect(links.getByRole("status")).toBeFocused();
  await expect(links.getByText("Leeslink", { exact: true })).toHaveCount(0);
  // The dead read link is no longer offered for sharing; a new one can be made.
  await expect(page.getByRole("textbox", { name: "Leeslink" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Maak een leeslink" })).toBeVisible();
  await expectNoA11yViolations(page);

  // The reader's next load says so, in Dutch; the plan stays on that device.
  await reader.page.reload();
  await expect(reader.page.getByRole("alert").filter({ hasText: "De link van dit apparaat werkt niet meer: hij is ingetrokken" })).toBeVisible();
  await expect(reader.page.getByLabel("Naam van de proeftuin")).toHaveValue("Leeslink intrekken");
  // On a third device the same link does not open at all.
  const other = await newDevice(browser, readUrl);
  await expect(other.page.getByRole("alert").filter({ hasText: "Deze link werkt niet (meer). Misschien is hij ingetrokken" })).toBeVisible();
  await expectNoA11yViolations(other.page);
  await Promise.all([reader.context.close(), other.context.close()]);
});

async function invitationFor(page: Page, label: string): Promise<string> {
  const url = await page.getByRole("textbox", { name: `Persoonlijke link voor ${label}` }).inputValue();
  expect(url).toMatch(/\/beoordelen\/[0-9a-f]{32}#sleutel=[A-Za-z0-9_-]{40,}$/);
  return url;
}

test("an invitation opens on one device only; a new invitation moves the assessor to another device", async ({ page, browser }) => {
  test.setTimeout(120_000);
  await sharedProeftuin(page, "Uitnodiging eenmalig");
  await page.getByRole("link", { name: "Beoordelaars" }).click();
  await page.getByLabel("Beoordelaar 1", { exact: true }).fill("Inkoop");
  await page.getByRole("button", { name: "Start de ronde" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Ronde 1 is gestart" })).toBeVisible();
  const first = await invitationFor(page, "Inkoop");

  // Device B opens the invitation and scores; the draft reaches the server.
  const b = await newDevice(browser, first);
  await expect(b.page.getByRole("heading", { level: 1, name: /^Beoordelen: / })).toBeVisible();
  await expect(b.page.getByText("Je beoordeelt als Inkoop in ronde 1.")).toBeVisible();
  const bFirst = b.page.locator("fieldset.ptw-bo-crit").first();
  await bFirst.getByRole("radio", { name: /^\s*4\b/ }).check();
  await bFirst.getByRole("textbox").fill("Concept van apparaat B");
  await expect(b.page.getByText(/Concept op de server om/)).toBeVisible({ timeout: 20_000 });
  // A reload on B keeps working with B's own secret.
  await b.page.reload();
  await expect(b.page.locator("fieldset.ptw-bo-crit").first().getByRole("textbox")).toHaveValue("Concept van apparaat B");
  await expect(b.page.getByText("Deze link werkt niet meer op dit apparaat")).toHaveCount(0);

  // Device C opens the same invitation: refused, with what to do.
  const c = await newDevice(browser, first);
  await expect(c.page.getByRole("alert").filter({ hasText: "Deze uitnodiging is al geopend op een ander apparaat" })).toBeVisible();
  await expect(c.page.getByRole("alert").filter({ hasText: "Vraag de eigenaar van de proeftuin om een nieuwe uitnodiging" })).toBeVisible();
  await expectNoA11yViolations(c.page);

  // The owner sees B's personal link among the links, and makes a new invitation.
  // The Delen panel is still open from sharing: closed and opened again, it fetches the links anew.
  const delen = page.getByRole("button", { name: "Delen" });
  await expect(delen).toHaveAttribute("aria-expanded", "true");
  await delen.click();
  await expect(delen).toHaveAttribute("aria-expanded", "false");
  await delen.click();
  const links = page.getByRole("region", { name: "Links van deze proeftuin" });
  await expect(links.getByText("Beoordelaar: Inkoop", { exact: true })).toBeVisible();
  await expect(links.getByRole("button", { name: /^Intrekken: Beoordelaar: Inkoop, gemaakt op / })).toBeVisible();
  await page.getByRole("button", { name: "Nieuwe uitnodiging voor Inkoop" }).click();
  await expect(page.getByText(/^Een nieuwe uitnodiging voor Inkoop maken\?/)).toBeFocused();
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Ja, maak een nieuwe uitnodiging" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Er is een nieuwe uitnodiging voor Inkoop" })).toBeFocused();
  const second = await invitationFor(page, "Inkoop");
  expect(second).not.toBe(first);
  await expectNoA11yViolations(page);

  // C opens the new invitation and finds the draft B saved: it belongs to the assessor.
  await c.page.close();
  const cPage = await c.context.newPage();
  await cPage.goto(second);
  await expect(cPage.getByText("Je beoordeelt als Inkoop in ronde 1.")).toBeVisible();
  const cFirst = cPage.locator("fieldset.ptw-bo-crit").first();
  await expect(cFirst.getByRole("textbox")).toHaveValue("Concept van apparaat B");
  await expect(cFirst.getByRole("radio", { name: /^\s*4\b/ })).toBeChecked();
  await cFirst.getByRole("textbox").fill("Verder op apparaat C");
  await expect(cPage.getByText(/Concept op de server om/)).toBeVisible({ timeout: 20_000 });

  // B's secret no longer works, and B is told so clearly.
  await b.page.reload();
  await expect(b.page.getByRole("alert").filter({ hasText: "Deze link werkt niet meer op dit apparaat" })).toBeVisible();
  await expect(b.page.getByRole("button", { name: "Inleveren" })).toHaveCount(0);
  await expectNoA11yViolations(b.page);
  await Promise.all([b.context.close(), c.context.close()]);
});

test("a share whose answer was lost is sent again with the same key: one proeftuin, and later edits follow", async ({ page, browser }) => {
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await page.getByLabel("Naam van de proeftuin").fill("Antwoord kwijt");
  await expect(page.getByText(/^Opgeslagen op dit apparaat om/)).toBeVisible();

  // The first create reaches the server, but its answer never comes back.
  const keys: string[] = [];
  const answers: string[] = [];
  await page.route("**/api/proeftuinen", async (route) => {
    keys.push(route.request().headers()["idempotency-key"] ?? "");
    const response = await route.fetch();
    answers.push(await response.text());
    if (keys.length === 1) await route.abort("connectionreset");
    else await route.fulfill({ response });
  });
  await page.getByRole("button", { name: "Delen" }).click();
  await page.getByRole("button", { name: "Op de server zetten en delen" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Er is geen verbinding met de server" })).toBeVisible();
  expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
  // Meanwhile the user goes on typing; then tries again.
  await page.getByLabel("Korte omschrijving").fill("Na de mislukte poging getypt");
  await page.getByRole("button", { name: "Op de server zetten en delen" }).click();
  const editBox = page.getByRole("textbox", { name: "Link om samen te bewerken" });
  await expect(editBox).toBeFocused();
  await expect(page.getByText(SYNCED)).toBeVisible();
  expect(keys.length).toBe(2);
  expect(keys[1]).toBe(keys[0]);
  // The same answer both times: the same proeftuin and edit secret, not a second copy.
  const first = JSON.parse(answers[0]);
  const second = JSON.parse(answers[1]);
  expect(second.id).toBe(first.id);
  expect(second.edit_secret).toBe(first.edit_secret);
  await page.unroute("**/api/proeftuinen");

  // The edit typed in between followed as an update; another device sees it.
  const url = await editBox.inputValue();
  expect(url).toContain(`#sleutel=${first.edit_secret}`);
  const other = await newDevice(browser, url);
  await expect(other.page.getByLabel("Korte omschrijving")).toHaveValue("Na de mislukte poging getypt");
  await other.context.close();
});
