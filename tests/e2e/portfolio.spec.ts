// The portfolio: read links of three shared proeftuinen (put on the real server through its
// API), their figures with "hoe geteld?", per category, client and year, small numbers shown
// as "< 3", a revoked or wrong link, CSV and print; both WCAG engines.
import * as fs from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";

const SECRET_HEADER = "x-proeftuin-secret";

/** Puts a proeftuin on the server and returns a read link to it. */
async function shared(request: APIRequestContext, baseURL: string, doc: object): Promise<string> {
  const created = await request.post("/api/proeftuinen", { data: doc });
  expect(created.status()).toBe(201);
  const { id, edit_secret } = await created.json();
  const link = await request.post(`/api/proeftuinen/${id}/links`, {
    data: { access: "read" },
    headers: { [SECRET_HEADER]: edit_secret },
  });
  expect(link.status()).toBe(201);
  const { secret } = await link.json();
  return `${baseURL}/open/${id}#sleutel=${secret}`;
}

function hex(n: number): string {
  return n.toString(16).padStart(32, "0");
}

test("a portfolio of three shared proeftuinen shows the right figures with their rules", async ({
  page,
  request,
  baseURL,
  problems,
}) => {
  const run = Date.now();
  const docs = [
    {
      id: hex(run * 10 + 1),
      status: "in_uitvoering",
      vertrekpunt: { naam: "Stages bij DUO", categorie: "catering", opdrachtgever: "DUO", startdatum: "2025-03-01" },
      // A yearly report was due on 1 March 2026 and is missing.
      plan: { indicatoren: [{ id: "i1", indicator: "Aan het werk", frequentie: "jaarlijks" }] },
      uitvoering: {
        tellingen: [
          { id: "t1", datum: "2026-01-01", gestart: 8, aan_het_werk: 4, contract: 1 },
          // Two counts on one day: the one added later counts.
          { id: "t2", datum: "2026-04-01", gestart: 8, aan_het_werk: 5, contract: 2 },
          { id: "t3", datum: "2026-04-01", gestart: 8, aan_het_werk: 6, contract: 2 },
        ],
      },
    },
    {
      id: hex(run * 10 + 2),
      status: "decharge",
      vertrekpunt: { naam: "Schoonmaak met SW-bedrijf", categorie: "catering", opdrachtgever: "DUO", startdatum: "2024-01-15" },
      uitvoering: { tellingen: [{ id: "t1", datum: "2025-12-01", gestart: 3, aan_het_werk: 1, contract: 1 }] },
    },
    {
      id: hex(run * 10 + 3),
      status: "concept",
      vertrekpunt: { naam: "Nieuw bij RWS", categorie: "werken", opdrachtgever: "RWS" },
    },
  ];
  const links = [];
  for (const d of docs) links.push(await shared(request, baseURL!, d));

  await openApp(page, "/");
  await page.evaluate(() => localStorage.clear());
  await openApp(page, "/");
  await page.getByRole("link", { name: "Portfolio: cijfers van meerdere proeftuinen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Portfolio" })).toBeVisible();

  // A wrong link is refused at the field.
  const field = page.getByLabel("Leeslink van de proeftuin");
  await field.fill("https://example.org/niet-een-link");
  await page.getByRole("button", { name: "Toevoegen aan het portfolio" }).click();
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(field).toHaveAccessibleDescription(/Dit is geen leeslink/);

  for (const link of links) {
    await field.fill(link);
    await page.keyboard.press("Enter");
    await expect(field).toHaveValue("");
  }
  // The same proeftuin twice is refused.
  await field.fill(links[0]);
  await page.keyboard.press("Enter");
  await expect(field).toHaveAccessibleDescription(/staat al in het portfolio/);
  await field.fill("");

  const lijst = page.getByRole("region", { name: "Proeftuinen in het portfolio" });
  await expect(lijst.getByRole("listitem")).toHaveCount(3);
  await expect(lijst).toContainText("Stages bij DUO – In uitvoering");
  await expect(lijst).toContainText("Schoonmaak met SW-bedrijf – Decharge");

  const cijfers = page.getByRole("table", { name: "Cijfers van het portfolio" });
  const row = (name: string) => cijfers.getByRole("row", { name: new RegExp(`^${name}`) });
  await expect(page.getByRole("heading", { name: "Cijfers van 3 proeftuinen" })).toBeVisible();
  await expect(row("In voorbereiding").getByRole("cell").first()).toHaveText("1");
  await expect(row("Rapportage te laat").getByRole("cell").first()).toHaveText("1");
  await expect(row("Gestart").getByRole("cell").first()).toHaveText("2");
  await expect(row("Geëvalueerd").getByRole("cell").first()).toHaveText("1");
  await expect(row("Decharge").getByRole("cell").first()).toHaveText("1");
  // 6 (the later count of the same day) + 1.
  await expect(row("Aan het werk").getByRole("cell").first()).toHaveText("7");
  // 2 + 1 = 3: not a small number.
  await expect(row("Contract daarna").getByRole("cell").first()).toHaveText("3");
  await expect(row("Gestart")).toContainText("Geaccepteerd, In uitvoering, Geëvalueerd of Decharge");

  // Per category: catering holds both started ones; per year, 2024 has one candidate with a
  // contract: shown as "< 3".
  const perCategorie = page.getByRole("table", { name: "Per categorie" });
  await expect(perCategorie.getByRole("row", { name: /^Catering/ })).toHaveText("Catering20211731");
  const perJaar = page.getByRole("table", { name: "Per jaar van de start" });
  await expect(perJaar.getByRole("row", { name: /^2024/ })).toContainText("< 3");
  await expect(perJaar.getByRole("row", { name: /^Onbekend/ })).toContainText("Onbekend1");
  await expect(page.getByRole("table", { name: "Per opdrachtgever" }).getByRole("row", { name: /^DUO/ })).toBeVisible();

  await expectNoA11yViolations(page);

  // CSV: one row per proeftuin.
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download als CSV" }).click();
  const file = fs.readFileSync(await (await downloadPromise).path(), "utf8");
  // A byte order mark first, so spreadsheets read the accents.
  expect(file.charCodeAt(0)).toBe(0xfeff);
  const lines = file.slice(1).trim().split("\r\n");
  expect(lines).toHaveLength(4);
  expect(lines[0]).toBe("Proeftuin;Status;Categorie;Opdrachtgever;Jaar van de start;Aan het werk;Contract daarna;Rapportage te laat");
  expect(lines).toContain("Schoonmaak met SW-bedrijf;Decharge;Catering;DUO;2024;< 3;< 3;nee");
  expect(lines).toContain("Stages bij DUO;In uitvoering;Catering;DUO;2025;6;< 3;ja");

  // "Vernieuwen" twice in a row: the figures stay right.
  await page.getByRole("button", { name: "Vernieuwen" }).click();
  await page.getByRole("button", { name: "Vernieuwen" }).click();
  await expect(row("Aan het werk").getByRole("cell").first()).toHaveText("7");
  await expect(lijst.getByRole("listitem").filter({ hasText: "Laden…" })).toHaveCount(0);

  // Kept on this device: after a reload the figures come again from the server.
  await page.reload();
  await expect(page.getByRole("heading", { name: "Cijfers van 3 proeftuinen" })).toBeVisible();
  await expect(row("Aan het werk").getByRole("cell").first()).toHaveText("7");

  // Print: the figures, not the form.
  await page.emulateMedia({ media: "print" });
  await expect(page.getByRole("button", { name: "Toevoegen aan het portfolio" })).toBeHidden();
  await expect(cijfers).toBeVisible();
  await page.emulateMedia({ media: "screen" });

  // An edit link is refused and not kept.
  const edit = await request.post("/api/proeftuinen", { data: { id: hex(run * 10 + 4), vertrekpunt: { naam: "Bewerkbaar" } } });
  const { id: editId, edit_secret } = await edit.json();
  await field.fill(`${baseURL}/open/${editId}#sleutel=${edit_secret}`);
  await page.keyboard.press("Enter");
  await expect(lijst.getByRole("listitem").filter({ hasText: "link om te bewerken" })).toBeVisible();
  await expect.poll(() => page.evaluate(() => localStorage.getItem("ptw.portfolio"))).not.toContain(edit_secret);

  // Removed from the portfolio: the figures follow.
  await lijst.getByRole("button", { name: "Uit het portfolio halen: Nieuw bij RWS" }).click();
  await expect(page.getByRole("heading", { name: "Cijfers van 2 proeftuinen" })).toBeVisible();
  expect(problems.consoleErrors).toEqual([]);
});

test("a read link that no longer works says so in the portfolio", async ({ page, problems }) => {
  await openApp(page, "/");
  await page.evaluate((id) => {
    localStorage.clear();
    localStorage.setItem("ptw.portfolio", JSON.stringify([`${location.origin}/open/${id}#sleutel=${"x".repeat(43)}`]));
  }, hex(12345));
  await openApp(page, "/portfolio");
  const lijst = page.getByRole("region", { name: "Proeftuinen in het portfolio" });
  await expect(lijst.getByRole("listitem")).toContainText("Niet op te halen:");
  await expect(page.getByRole("heading", { name: "Cijfers van 0 proeftuinen" })).toBeVisible();
  // The server's 404 is the expected answer here.
  expect(problems.consoleErrors.filter((e) => !e.includes("404"))).toEqual([]);
});
