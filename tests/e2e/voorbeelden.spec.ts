// Every voorbeeld opens and shows its own data in every step; every step of it
// passes axe-core (WCAG 2.1 A and AA) and HTML_CodeSniffer (WCAG2AA).
import type { Page } from "@playwright/test";
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";

const VOORBEELDEN = [
  "KPMG en DJI",
  "Berenschot",
  "EY en ITvitae",
  "Atos en OCW",
  "Digitaal platform voor ex-gedetineerden",
  "Kleine leveranciers doen het samen",
];

async function storedDoc(page: Page) {
  return page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("ptw.doc."))!;
    return JSON.parse(localStorage.getItem(key)!);
  });
}

async function goToStep(page: Page, step: string, number: number) {
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: new RegExp(`^${step}`) }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Stap ${number} van 5 – ${step}` })).toBeVisible();
}

/** Values of every text box and text area on the page, as a user's screen shows them. */
async function textboxValues(page: Page): Promise<string[]> {
  const boxes = await page.getByRole("textbox").all();
  return Promise.all(boxes.map((b) => b.inputValue()));
}

for (const title of VOORBEELDEN) {
  test(`voorbeeld "${title}" shows its data in every step`, async ({ page, problems }) => {
    await openApp(page, "/");
    await page.getByRole("button", { name: new RegExp(`^Begin met dit voorbeeld.*${title}`) }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stap 1 van 5 – Vertrekpunt");
    const doc = await storedDoc(page);
    expect(doc.vertrekpunt.naam.length).toBeGreaterThan(0);

    // Step 1: name, client, suppliers, numbers.
    await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue(doc.vertrekpunt.naam);
    await expect(page.getByLabel(/Opdrachtgever/)).toHaveValue(doc.vertrekpunt.opdrachtgever);
    await expect(page.getByLabel("Inkoopcategorie")).toHaveValue(doc.vertrekpunt.categorie);
    const step1 = await textboxValues(page);
    for (const l of doc.vertrekpunt.leveranciers) expect(step1).toContain(l.naam);
    await expectNoA11yViolations(page);

    // Step 2: every stakeholder, folded to one row: its heading carries the name; "Bewerk"
    // opens the fields.
    await goToStep(page, "Stakeholders", 2);
    const list = page.getByRole("region", { name: "Stakeholders" });
    expect(doc.stakeholders.length).toBeGreaterThan(0);
    await expect(list.getByRole("heading", { level: 3 })).toHaveCount(doc.stakeholders.length);
    const names = (await list.getByRole("heading", { level: 3 }).allTextContents()).map((h) =>
      h.replace(/^\d+\.\s*/, "").replace(/\s*–\s*escalatielijn$/, "").trim(),
    );
    expect(names).toEqual(doc.stakeholders.map((s: { naam: string }) => s.naam));
    const first = doc.stakeholders[0];
    await list.getByRole("button", { name: `Bewerk ${first.naam}`, exact: true }).click();
    await expect(list.getByRole("textbox", { name: /Naam of functie/ })).toHaveValue(first.naam);
    await expectNoA11yViolations(page);

    // Step 3: ambition, coaching, durability, numbers and every agreement.
    await goToStep(page, "Plan van Aanpak", 3);
    await expect(page.getByLabel(/^Ambitie/)).toHaveValue(doc.plan.ambitie);
    await expect(page.getByLabel(/^Begeleiding/)).toHaveValue(doc.plan.begeleiding);
    await expect(page.getByLabel(/^Aantal kandidaten/)).toHaveValue(String(doc.plan.aantal_kandidaten));
    // The lists are folded rows whose summary shows the text.
    const afspraken = page.getByRole("region", { name: "Tweezijdige afspraken" });
    for (const a of doc.plan.afspraken) await expect(afspraken).toContainText(a.wat);
    const risicos = page.getByRole("region", { name: "Risico's" });
    for (const r of doc.plan.risicos) await expect(risicos).toContainText(r.risico);
    const monitoring = page.getByRole("region", { name: "Monitoring" });
    for (const i of doc.plan.indicatoren) await expect(monitoring).toContainText(i.indicator);
    // Every chosen target group and form is ticked, and nothing else.
    await expect(page.getByRole("group", { name: /^Doelgroep/ }).getByRole("checkbox", { checked: true })).toHaveCount(doc.plan.doelgroepen.length);
    await expect(page.getByRole("group", { name: /^Vorm/ }).getByRole("checkbox", { checked: true })).toHaveCount(doc.plan.vormen.length);
    await expectNoA11yViolations(page);

    // Step 4: nothing scored yet, the rubric is there.
    await goToStep(page, "Beoordeling", 4);
    await expect(page.getByRole("group", { name: "Haalbare aantallen en planning", exact: true })).toBeVisible();
    await expectNoA11yViolations(page);

    // Step 5: the readable plan carries the data of all steps.
    await goToStep(page, "Afronden", 5);
    const plan = page.getByRole("article");
    await expect(plan).toContainText(doc.vertrekpunt.naam);
    await expect(plan).toContainText(doc.plan.ambitie);
    for (const s of doc.stakeholders) await expect(plan).toContainText(s.naam);
    for (const a of doc.plan.afspraken) await expect(plan).toContainText(a.wat);
    await expectNoA11yViolations(page);

    expect(problems.consoleErrors).toEqual([]);
    expect(problems.failedRequests).toEqual([]);
  });
}

test.describe("without the service worker (it would answer from its cache)", () => {
  test.use({ serviceWorkers: "block" });
  test("a voorbeeld that cannot be fetched gets a Dutch message and can be tried again", async ({ page }) => {
    // Only this file fails (a venue's network, a server restart), from the start, so that
    // the page's own prefetch of it cannot have kept a good copy.
    await page.route("**/voorbeelden/atos-ocw.json", (route) => route.abort("connectionfailed"));
    await openApp(page, "/");
    await page.getByRole("button", { name: /^Begin met dit voorbeeld.*Atos en OCW/ }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Het voorbeeld kon niet worden geladen" });
    await expect(alert).toContainText("Het voorbeeld kon niet worden geladen");
    await expect(page.locator("#ov-fout")).toBeFocused();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mijn proeftuinen");
    expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("ptw.doc.")).length)).toBe(0);

    // A broken answer (an error page instead of the file) is refused the same way.
    await page.unroute("**/voorbeelden/atos-ocw.json");
    await page.route("**/voorbeelden/atos-ocw.json", (route) =>
      route.fulfill({ status: 200, contentType: "text/html", body: "<html>Storing</html>" }),
    );
    await page.getByRole("button", { name: "Melding sluiten" }).click();
    await page.getByRole("button", { name: /^Begin met dit voorbeeld.*Atos en OCW/ }).click();
    await expect(alert).toContainText("niet goed aangekomen");

    await page.unroute("**/voorbeelden/atos-ocw.json");
    await page.getByRole("button", { name: /^Begin met dit voorbeeld.*Atos en OCW/ }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stap 1 van 5 – Vertrekpunt");
    await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue(/Atos/);
  });
});
