// Step 6 Uitvoering: it opens once the plan is accepted (with a frozen copy of the plan),
// three months of reports on a monthly indicator, a value that is no number, counts that do
// not add up, an overdue agreement as an aandachtspunt here and on the overview until it is
// done, the calendar file, and both WCAG engines on the new page.
import * as fs from "node:fs";
import type { Page } from "@playwright/test";
import { test, expect, openApp, expectNoA11yViolations, storedDoc } from "./fixtures";

/** A date as the date input wants it (local calendar day). */
function iso(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

const MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];
/** A date as the app writes it: "1 maart 2026". */
function dutchDate(d: Date): string {
  return `${d.getDate()} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`;
}

/** The same day `n` months later (the start day is at most 28, so no month lacks it). */
function plusMonths(d: Date, n: number): Date {
  return new Date(d.getFullYear(), d.getMonth() + n, d.getDate());
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
  // Decharge is not chosen here: both parties sign for it on its own page.
  await expect(page.getByRole("radio", { name: "6. Decharge" })).toBeDisabled();
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

  // The agreement of 2017 is late, and so are the three monthly reports so far.
  const aandacht = page.getByRole("region", { name: "Wat vraagt aandacht" });
  const late = aandacht.getByRole("link", { name: /Afspraak van de leverancier: Beurzen toekennen/ });
  await expect(late).toBeVisible();
  const missing = aandacht.getByRole("link", { name: "3 rapportages over 'Aantal studenten dat nog studeert' ontbreken" });
  await expect(missing).toContainText(`sinds ${dutchDate(plusMonths(start, 1))}`);

  // Reported late, by keyboard from the link: each new measurement is dated on the earliest
  // moment still missing, so the three late ones are reported one by one.
  const metingen = page.getByRole("region", { name: "Metingen: Aantal studenten dat nog studeert" });
  await expect(metingen).toContainText("Rapporteren: elke maand. Streefwaarde: 6 studenten.");
  const add = metingen.getByRole("button", { name: "Meting van ‘Aantal studenten dat nog studeert’ toevoegen" });
  await missing.click();
  await expect(add).toBeFocused();
  for (const [month, value] of [[1, "4"], [2, "5"], [3, "5,5"]] as const) {
    await add.focus();
    await page.keyboard.press("Enter");
    const datum = metingen.getByLabel("Datum van de meting").last();
    await expect(datum).toHaveValue(iso(plusMonths(start, month)));
    await metingen.getByLabel("Waarde (studenten)").last().fill(value);
  }
  await expect(aandacht.getByText(/over 'Aantal studenten dat nog studeert' ontbr/)).toBeHidden();
  const table = page.getByRole("table", { name: "Meetmomenten van Aantal studenten dat nog studeert" });
  await expect(table.getByRole("row")).toHaveCount(5); // a header and four moments
  await expect(table.getByRole("row").nth(3)).toContainText("5,5 studenten");
  await expect(table.getByRole("row").nth(3)).toContainText("Gemeld");
  await expect(table.getByRole("row").nth(4)).toContainText("Nog niet");
  await expect(page.getByRole("img", { name: /3 van de 4 meetmomenten gemeld, streefwaarde 6/ })).toBeVisible();

  // A value that is no number: a message at the field, the stored value stays.
  const waarde = metingen.getByLabel("Waarde (studenten)").last();
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
  await expect(row.getByRole("link", { name: /punten? te laat bij/ })).toBeVisible();
  const lateBefore = Number((await row.getByRole("link", { name: /te laat bij/ }).innerText()).split(" ")[0]);
  await row.getByRole("link", { name: /te laat bij/ }).click();
  await expect(page).toHaveURL(base + "uitvoering");

  // Done: it is no longer late.
  await late.click();
  const stand = page.getByRole("combobox", { name: /^Stand bij Beurzen toekennen/ });
  await expect(stand).toBeFocused();
  await stand.selectOption({ label: "Gereed" });
  await expect(late).toBeHidden();
  await page.getByRole("link", { name: "Mijn proeftuinen" }).click();
  const lateAfter = page.getByRole("row", { name: /Beurzen voor jonge justitiabelen/ }).getByRole("link", { name: /te laat bij/ });
  await expect(lateAfter).toHaveText(new RegExp(`^${lateBefore - 1} punten? te laat`));

  // The calendar file has the coming dates.
  await page.goto(base + "uitvoering");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Zet de data in je agenda (.ics)" }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("beurzen-voor-jonge-justitiabelen.ics");
  const raw = fs.readFileSync(await download.path(), "utf8");
  // Lines are folded at 75 octets (RFC 5545): read them unfolded.
  for (const line of raw.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
  const ics = raw.replace(/\r\n /g, "");
  expect(ics).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2.0\r\n/);
  expect(ics).toMatch(/\r\nEND:VCALENDAR\r\n$/);
  const next = iso(plusMonths(start, 4)).replaceAll("-", "");
  expect(ics).toContain(`SUMMARY:Meting: Aantal studenten dat nog studeert – Beurzen voor jonge justitiabelen\r\n`);
  expect(ics).toContain(`DTSTART;VALUE=DATE:${next}\r\n`);
  expect(ics).toMatch(/\r\nUID:[0-9a-f]{32}-meting-[A-Za-z0-9-]+@proeftuin-wizard\r\n/);
  expect(ics).toContain("SUMMARY:Voortgangsgesprek");

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
        // A measurement of an indicator that was removed from the plan.
        uitvoering: { metingen: [{ id: "los-1", indicator: "weg", datum: "2026-03-01", waarde: 4 }] },
      }),
    );
  });
  await openApp(page, "/proeftuin/oud-1/uitvoering");
  await expect(page.getByRole("heading", { level: 1, name: "Stap 6 van 6 – Uitvoering" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Afspraken" })).toContainText("Werkplek regelen");
  await expect(page.getByRole("group", { name: "De opdrachtgever doet" })).toBeVisible();
  // The measurement without its indicator is shown, and can be removed.
  const los = page.getByRole("region", { name: "Metingen zonder indicator" });
  await expect(los).toContainText("1 maart 2026: 4");
  await expect(los.getByRole("button", { name: /toevoegen/ })).toHaveCount(0);
  await expectNoA11yViolations(page);
  await los.getByRole("button", { name: "Verwijder meting zonder indicator 1" }).click();
  await expect(los).toHaveCount(0);
  // An edit saves the migrated document, with the old plan as the accepted copy.
  await page.getByLabel("Toelichting").fill("Wacht op facilitair");
  await expect.poll(async () => (await storedDoc(page))?.schema_version).toBe(3);
  const doc = await storedDoc(page);
  expect(doc.uitvoering.geaccepteerd.plan.ambitie).toBe("Drie plekken");
  expect(doc.uitvoering.geaccepteerd.op).toBeNull();
  expect(doc.uitvoering.afspraken[0]).toMatchObject({ id: "a1", notitie: "Wacht op facilitair" });
  expect(doc.uitvoering.metingen).toEqual([]);
});

const SYNCED = /Server: gesynchroniseerd om \d\d:\d\d/;

/** A proeftuin in uitvoering on this device, stored as an earlier version wrote it. */
async function seedInUitvoering(page: Page, id: string) {
  await openApp(page, "/");
  await page.evaluate((id) => {
    localStorage.clear();
    localStorage.setItem(
      `ptw.doc.${id}`,
      JSON.stringify({
        id,
        schema_version: 2,
        status: "in_uitvoering",
        vertrekpunt: { naam: "Werkplekken bij DUO", startdatum: "2025-01-06", evaluatiedatum: "2026-01-06" },
        plan: {
          aantal_kandidaten: 6,
          afspraken: [
            { id: "a1", partij: "leverancier", wat: "Mentor per kandidaat", eigenaar: "HR", datum: "2025-02-01" },
            { id: "a2", partij: "opdrachtgever", wat: "Werkplekken inrichten", eigenaar: "Facilitair", datum: "2025-03-01" },
          ],
          mijlpalen: [{ id: "m1", wat: "Eerste kandidaten gestart", datum: "2025-02-01" }],
        },
        beoordeling: { scores: [{ criterion: "realisme_haalbaarheid", score: 3, reden: "Krap" }] },
      }),
    );
  }, id);
}

test("the evaluation after a year compares plan and realisation, scores again and prints", async ({ page, problems }) => {
  await seedInUitvoering(page, "eval-1");
  await openApp(page, "/proeftuin/eval-1/uitvoering");
  await page.getByRole("link", { name: "Naar de evaluatie" }).click();
  await expect(page).toHaveURL(/\/proeftuin\/eval-1\/evaluatie$/);
  await expect(page.getByRole("heading", { level: 1, name: "Evaluatie" })).toBeVisible();

  // The plan beside what happened: six candidates planned, none counted yet; each party's
  // one agreement is past its date.
  const kandidaten = page.getByRole("table", { name: "Kandidaten" });
  await expect(kandidaten.getByRole("row").nth(1)).toHaveText("6––––");
  const afspraken = page.getByRole("table", { name: "Afspraken per partij" });
  await expect(afspraken.getByRole("row", { name: /Leverancier/ })).toHaveText("Leverancier1001");
  await expect(afspraken.getByRole("row", { name: /Opdrachtgever/ })).toHaveText("Opdrachtgever1001");
  await expect(page.getByRole("table", { name: "Mijlpalen" })).toContainText("Eerste kandidaten gestart");

  // Scored again beside the score at acceptance.
  const haalbaar = page.getByLabel("Haalbare aantallen en planning");
  await expect(haalbaar).toHaveAccessibleDescription(/Bij acceptatie: 3\./);
  await haalbaar.selectOption("5");
  await expect(haalbaar).toHaveAccessibleDescription(/Bij acceptatie: 3\. Nu 2 hoger\./);
  await page.getByLabel("Wat werkte goed?").fill("De mentoren.");
  await page.getByLabel("Wat werkte niet, en waarom?").fill("De werkplekken waren laat klaar.");
  await page.getByLabel("Wat besluiten jullie?").selectOption({ label: "Het werkt: op naar decharge" });
  await expectNoA11yViolations(page);

  // Printed: the comparison and the lessons, not the app around them.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("table", { name: "Indicatoren" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Wat hebben jullie geleerd?" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Afdrukken of opslaan als PDF" })).toBeHidden();
  await expect(page.getByRole("navigation", { name: "Stappen" })).toBeHidden();
  await page.emulateMedia({ media: "screen" });

  await page.getByRole("button", { name: "Evaluatie klaar: zet de status op Geëvalueerd" }).click();
  await expect(page.getByText("Status: Geëvalueerd.")).toBeAttached();
  await expect.poll(async () => (await storedDoc(page)).status).toBe("geevalueerd");
  const doc = await storedDoc(page);
  expect(doc.uitvoering.evaluatie).toMatchObject({
    werkte: "De mentoren.",
    besluit: "naar_decharge",
    scores: [{ criterion: "realisme_haalbaarheid", score: 5 }],
  });
  expect(problems.consoleErrors).toEqual([]);
});

test("both parties sign the decharge from their own device; then the plan is read-only", async ({ page, browser, problems }) => {
  await seedInUitvoering(page, "dech-1");
  await openApp(page, "/proeftuin/dech-1/vertrekpunt");
  // Shared through the server, opened by the supplier on another device.
  await page.getByRole("button", { name: "Delen" }).click();
  await page.getByRole("button", { name: "Op de server zetten en delen" }).click();
  const url = await page.getByRole("textbox", { name: "Link om samen te bewerken" }).inputValue();
  await expect(page.getByText(SYNCED)).toBeVisible();
  const context = await browser.newContext();
  const b = await context.newPage();
  await b.goto(url);
  await expect(b.getByRole("heading", { level: 1, name: "Stap 1 van 6 – Vertrekpunt" })).toBeVisible();

  // The client signs first.
  await page.goto(page.url().replace(/vertrekpunt$/, "decharge"));
  await expect(page.getByText(DECHARGE_MEANS)).toBeVisible();
  const client = page.getByRole("region", { name: "Handtekening van de opdrachtgever" });
  await client.getByRole("button", { name: "Teken als opdrachtgever" }).click();
  await expect(client.getByRole("alert")).toHaveText("Vul je naam of functie en je rol in.");
  await client.getByLabel("Naam of functie").fill("Contractmanager DUO");
  await client.getByLabel("Rol").fill("Opdrachtgever");
  await client.getByRole("button", { name: "Teken als opdrachtgever" }).click();
  await expect(client).toContainText("Getekend door Contractmanager DUO (Opdrachtgever)");
  // The form is gone: the focus is on the section's heading, not lost.
  await expect(client.getByRole("heading", { name: "Handtekening van de opdrachtgever" })).toBeFocused();
  await expect(page.getByRole("status").filter({ hasText: "Wacht op de handtekening van de leverancier." })).toBeVisible();
  // Withdrawn and signed again, while the supplier has not signed.
  await client.getByRole("button", { name: "Handtekening van de opdrachtgever intrekken" }).click();
  await expect(page.getByText("Nog niemand heeft getekend.")).toBeVisible();
  await client.getByLabel("Naam of functie").fill("Contractmanager DUO");
  await client.getByLabel("Rol").fill("Opdrachtgever");
  const pushedA = page.waitForResponse((r) => r.request().method() === "PUT" && r.status() === 200);
  await client.getByRole("button", { name: "Teken als opdrachtgever" }).click();
  await pushedA;
  await expectNoA11yViolations(page);

  // The supplier sees the client's signature and signs.
  await b.goto(b.url().replace(/vertrekpunt$/, "decharge"));
  await b.getByRole("button", { name: "Nu synchroniseren" }).click();
  await expect(b.getByText("Wacht op de handtekening van de leverancier.")).toBeVisible();
  const supplier = b.getByRole("region", { name: "Handtekening van de leverancier" });
  await supplier.getByLabel("Naam of functie").fill("Directeur");
  await supplier.getByLabel("Rol").fill("Leverancier");
  const pushed = b.waitForResponse((r) => r.request().method() === "PUT" && r.status() === 200);
  await supplier.getByRole("button", { name: "Teken als leverancier" }).click();
  await expect(b.getByText(/Decharge is verleend op/)).toBeVisible();
  await pushed;

  // Back on the client's device: granted, nothing can be withdrawn, the plan is read-only.
  await page.getByRole("button", { name: "Nu synchroniseren" }).click();
  await expect(page.getByText(/Decharge is verleend op/)).toBeVisible();
  await expect(page.getByRole("button", { name: /intrekken/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Nieuwe proeftuin op basis van deze" })).toBeVisible();
  // Verduurzaming stays open after decharge.
  await page.getByLabel("De aanpak staat in het beleid van de leverancier").check();
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Vertrekpunt/ }).click();
  await expect(page.getByLabel("Naam van de proeftuin")).toBeDisabled();
  // Nor can the status be turned back on step 5, or the execution changed on step 6.
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Afronden/ }).click();
  await expect(page.getByRole("radio", { name: "5. Geëvalueerd" })).toBeDisabled();
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Uitvoering/ }).click();
  await expect(page.getByRole("combobox", { name: /^Stand bij Mentor per kandidaat/ })).toBeDisabled();
  expect((await storedDoc(page)).status).toBe("decharge");

  // A new proeftuin on the basis of this one is an editable draft.
  await page.goto(page.url().replace(/[^/]+$/, "decharge"));
  await page.getByRole("button", { name: "Nieuwe proeftuin op basis van deze" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stap 1 van 5 – Vertrekpunt" })).toBeVisible();
  await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue("Werkplekken bij DUO (kopie)");
  await expect(page.getByLabel("Naam van de proeftuin")).toBeEnabled();
  await context.close();
  // A 412 is the sync protocol's answer to a push on an older revision (the other device's
  // signature came in between); the engine merges and pushes again. Nothing else may fail.
  expect(problems.consoleErrors.filter((e) => !e.includes("412 (Precondition Failed)"))).toEqual([]);
});

const DECHARGE_MEANS = /de manier van werken en de uitvoering zijn goedgekeurd/;
