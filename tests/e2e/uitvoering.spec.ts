// Step 6 Uitvoering: it opens once the plan is accepted (with a frozen copy of the plan),
// three months of reports on a monthly indicator, a value that is no number, counts that do
// not add up, an overdue agreement as an aandachtspunt here and on the overview until it is
// done, the calendar file, and both WCAG engines on the new page.
import * as fs from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";

/** A date as the date input wants it (local calendar day). */
function iso(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The same day `n` months later (the start day is at most 28, so no month lacks it). */
function plusMonths(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth() + n, d.getDate());
}

async function storedDoc(page: Page): Promise<any> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.startsWith("ptw.doc.")) return JSON.parse(localStorage.getItem(key)!);
    }
    return null;
  });
}

const steps = (page: Page) => page.getByRole("navigation", { name: "Stappen" });

test("an accepted plan is carried out: reports, counts, late agreements and the calendar", async ({
  page,
  problems,
}) => {
  // About a hundred days ago, on a day every month has.
  const start = new Date();
  start.setDate(start.getDate() - 100);
  if (start.getDate() > 28) start.setDate(28);

  await openApp(page, "/");
  await page.evaluate(() => localStorage.clear());
  await openApp(page, "/");
  await page.getByRole("button", { name: /Begin met dit voorbeeld: KPMG/ }).click();
  await expect(page).toHaveURL(/\/vertrekpunt$/);
  const base = page.url().replace(/vertrekpunt$/, "");

  // Step 1: the proeftuin started about three months ago.
  await page.getByLabel("Startdatum").fill(iso(start));
  await page.getByLabel("Evaluatiedatum").fill(iso(plusMonths(start, 12)));

  // Step 3: one indicator is reported monthly, with a target.
  await page.goto(base + "plan-van-aanpak");
  const indicatoren = page.getByRole("region", { name: "Monitoring" });
  const ind = indicatoren.getByRole("listitem").filter({ hasText: "Aantal studenten dat nog studeert" });
  await ind.getByRole("button", { name: /^Bewerk/ }).click();
  await ind.getByLabel("Hoe vaak rapporteren?").selectOption({ label: "Elke maand" });
  await ind.getByLabel("Streefwaarde").fill("6");
  await ind.getByLabel("Eenheid").fill("studenten");

  // Before acceptance there is no step 6.
  await expect(steps(page).getByRole("link", { name: /Uitvoering/ })).toBeHidden();
  await page.goto(base + "uitvoering");
  await expect(page.getByText(/Deze stap gaat open als het plan is geaccepteerd/)).toBeVisible();

  // Step 5: accepted.
  await steps(page).getByRole("link", { name: /Afronden/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stap 5 van 5 – Afronden" })).toBeVisible();
  await page.getByRole("radio", { name: "3. Geaccepteerd" }).check();
  await expect(page.getByRole("heading", { level: 1, name: "Stap 5 van 6 – Afronden" })).toBeVisible();
  // The example's assessment is not complete: "Volgende" says so and offers to go on anyway.
  await page.getByRole("button", { name: "Volgende: Uitvoering" }).click();
  await page.getByRole("link", { name: "Toch door naar stap 6: Uitvoering" }).click();
  await expect(page).toHaveURL(base + "uitvoering");
  await expect(steps(page).getByRole("link", { name: /Uitvoering/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Stap 6 van 6 – Uitvoering" })).toBeVisible();
  const accepted = (await storedDoc(page)).uitvoering.geaccepteerd;
  expect(accepted.op).toBe(iso(new Date()));
  expect(accepted.plan.indicatoren.length).toBe(4);

  // The agreement of 2017 is late, and so are the first quarterly reports.
  const aandacht = page.getByRole("region", { name: "Wat vraagt aandacht" });
  const late = aandacht.getByRole("link", { name: /Afspraak van de leverancier: Beurzen toekennen/ });
  await expect(late).toBeVisible();
  await expect(aandacht.getByText(/Rapportage over 'Aantal studenten dat nog studeert' ontbreekt|3 rapportages over 'Aantal studenten dat nog studeert' ontbreken/)).toBeVisible();

  // Three months of reports on the monthly indicator, one on each moment.
  const metingen = page.getByRole("region", { name: "Metingen: Aantal studenten dat nog studeert" });
  await expect(metingen).toContainText("Rapporteren: elke maand. Streefwaarde: 6 studenten.");
  for (const [month, value] of [[1, "4"], [2, "5"], [3, "5,5"]] as const) {
    await metingen.getByRole("button", { name: "Meting toevoegen" }).click();
    await metingen.getByLabel("Peildatum").last().fill(iso(plusMonths(start, month)));
    await metingen.getByLabel("Waarde").last().fill(value);
  }
  await expect(aandacht.getByText(/over 'Aantal studenten dat nog studeert' ontbr/)).toBeHidden();
  const table = page.getByRole("table", { name: "Rapportagemomenten van Aantal studenten dat nog studeert" });
  await expect(table.getByRole("row")).toHaveCount(5); // a header and four moments
  await expect(table.getByRole("row").nth(3)).toContainText("5,5 studenten");
  await expect(table.getByRole("row").nth(3)).toContainText("Gemeld");
  await expect(page.getByRole("img", { name: /3 van de 4 momenten gemeld, streefwaarde 6/ })).toBeVisible();

  // A value that is no number: a message at the field, the stored value stays.
  const waarde = metingen.getByLabel("Waarde").last();
  await waarde.fill("veel");
  await expect(waarde).toHaveAccessibleDescription(/Vul een getal in, zoals 12 of 12,5/);
  await expect(waarde).toHaveAttribute("aria-invalid", "true");
  await expect.poll(async () => (await storedDoc(page)).uitvoering.metingen.map((m: any) => m.waarde)).toEqual([4, 5, 5.5]);
  await waarde.fill("5,5");

  // Counts: more at work than started is refused at the field.
  const tellingen = page.getByRole("region", { name: "Kandidaten" });
  await tellingen.getByRole("button", { name: "Telling toevoegen" }).click();
  const telling = tellingen;
  await telling.getByLabel("Gestart (tot nu toe)").fill("2");
  const werk = telling.getByLabel("Nu aan het werk");
  await werk.fill("3");
  await werk.blur();
  await expect(werk).toHaveAccessibleDescription(
    "Er kunnen niet meer kandidaten aan het werk zijn (3) dan er zijn gestart (2).",
  );
  await werk.fill("2");
  await expect(werk).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#uv-tellingen-stand")).toContainText("2 gestart, 2 aan het werk");
  await expect(page.locator("#uv-tellingen-stand")).toContainText("In het plan: 6 kandidaten.");

  // A progress talk with the next date.
  const gesprekken = page.getByRole("region", { name: "Voortgangsgesprekken" });
  await gesprekken.getByRole("button", { name: "Gesprek toevoegen" }).click();
  const gesprek = gesprekken;
  await gesprek.getByRole("checkbox", { name: "Leverancier" }).check();
  await gesprek.getByRole("checkbox", { name: "Contractmanager" }).check();
  await gesprek.getByLabel("Wat is afgesproken?").fill("Mentoren vaker laten langskomen.");
  await gesprek.getByLabel("Volgend gesprek").fill(iso(plusMonths(new Date(), 1)));

  await expectNoA11yViolations(page);

  // The late agreement shows on the overview too.
  await page.getByRole("link", { name: "Mijn proeftuinen" }).click();
  const row = page.getByRole("row", { name: /Beurzen voor jonge justitiabelen/ });
  await expect(row.getByRole("link", { name: /te laat bij/ })).toBeVisible();
  const lateBefore = Number((await row.getByRole("link", { name: /te laat bij/ }).innerText()).split(" ")[0]);
  await row.getByRole("link", { name: /te laat bij/ }).click();
  await expect(page).toHaveURL(base + "uitvoering");

  // Done: it is no longer late.
  await late.click();
  const stand = page.getByRole("combobox", { name: "Stand" }).and(page.locator(":focus"));
  await expect(stand).toBeFocused();
  await stand.selectOption({ label: "Gereed" });
  await expect(late).toBeHidden();
  await page.getByRole("link", { name: "Mijn proeftuinen" }).click();
  const lateAfter = page.getByRole("row", { name: /Beurzen voor jonge justitiabelen/ }).getByRole("link", { name: /te laat bij/ });
  await expect(lateAfter).toHaveText(new RegExp(`^${lateBefore - 1} te laat`));

  // The calendar file has the coming dates.
  await page.goto(base + "uitvoering");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Zet de data in je agenda (.ics)" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("beurzen-voor-jonge-justitiabelen.ics");
  const ics = fs.readFileSync(await download.path(), "utf8");
  expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
  expect(ics).toContain("SUMMARY:Rapportage: Aantal studenten dat nog studeert");
  expect(ics).toContain("SUMMARY:Voortgangsgesprek");
  expect(ics).not.toContain("Beurzen toekennen");

  expect(problems.consoleErrors).toEqual([]);
  expect(problems.failedRequests).toEqual([]);
});

test("a plan accepted before this version gets its accepted copy when it is opened", async ({ page }) => {
  await openApp(page, "/");
  await page.evaluate(() => {
    localStorage.clear();
    localStorage.setItem(
      "ptw.doc.oud-1",
      JSON.stringify({
        id: "oud-1",
        schema_version: 2,
        status: "in_uitvoering",
        vertrekpunt: { naam: "Oude proeftuin", startdatum: "2026-01-05" },
        plan: { ambitie: "Drie plekken", afspraken: [{ id: "a1", partij: "opdrachtgever", wat: "Werkplek regelen", datum: "2026-02-01" }] },
      }),
    );
  });
  await openApp(page, "/proeftuin/oud-1/uitvoering");
  await expect(page.getByRole("heading", { level: 1, name: "Stap 6 van 6 – Uitvoering" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Afspraken" })).toContainText("Werkplek regelen");
  await expect(page.getByRole("group", { name: "De opdrachtgever doet" })).toBeVisible();
  // An edit saves the migrated document, with the old plan as the accepted copy.
  await page.getByLabel("Toelichting").fill("Wacht op facilitair");
  await expect.poll(async () => (await storedDoc(page))?.schema_version).toBe(3);
  const doc = await storedDoc(page);
  expect(doc.uitvoering.geaccepteerd.plan.ambitie).toBe("Drie plekken");
  expect(doc.uitvoering.geaccepteerd.op).toBeNull();
  expect(doc.uitvoering.afspraken[0]).toMatchObject({ id: "a1", notitie: "Wacht op facilitair" });
});
