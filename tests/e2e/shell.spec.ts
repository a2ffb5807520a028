// The app shell loads from the real server: Dutch title, no errors, accessible.
import { test, expect, openApp, expectNoA11yViolations } from "./fixtures";

test("the app loads from the server with a Dutch title, no errors and no violations from axe or HTML_CodeSniffer", async ({ page, problems }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);

  await expect(page).toHaveTitle(/Mijn proeftuinen – Proeftuin-wizard/);
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(page.getByRole("banner")).toContainText("Proeftuin-wizard");
  await expect(page.getByRole("heading", { level: 1, name: "Mijn proeftuinen" })).toBeVisible();

  await expectNoA11yViolations(page);
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.failedRequests).toEqual([]);
});

test("an unknown address shows a Dutch not-found page with a way back", async ({ page, problems }) => {
  await openApp(page, "/bestaat/niet");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deze pagina bestaat niet");
  await expectNoA11yViolations(page);
  await page.getByRole("link", { name: "Naar Mijn proeftuinen" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Mijn proeftuinen" })).toBeVisible();
  expect(problems.consoleErrors).toEqual([]);
});

test("the skip link moves keyboard focus to the main content", async ({ page }) => {
  await openApp(page, "/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Naar de inhoud" });
  await expect(skip).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("main")).toBeFocused();
});

test("the accessibility check reports what each engine finds", async ({ page }) => {
  await openApp(page, "/");
  // HTML_CodeSniffer alone: a group of fields without a legend, and a form without a submit
  // button (axe accepts both).
  await page.evaluate(() => {
    const form = document.createElement("form");
    const group = document.createElement("fieldset");
    const field = document.createElement("input");
    field.setAttribute("aria-label", "Proef");
    group.append(field);
    form.append(group);
    document.querySelector("main")!.append(form);
  });
  const sniffed = await expectNoA11yViolations(page).then(() => "", (e: Error) => e.message);
  expect(sniffed).toContain("HTML_CodeSniffer WCAG2AA.Principle1.Guideline1_3.1_3_1.H71.NoLegend");
  expect(sniffed).toContain("HTML_CodeSniffer WCAG2AA.Principle3.Guideline3_2.3_2_2.H32.2");
  expect(sniffed).not.toContain("axe ");
  // axe: a field without a name.
  await page.evaluate(() => {
    document.querySelector("main form")!.remove();
    document.querySelector("main")!.append(document.createElement("input"));
  });
  const axe = await expectNoA11yViolations(page).then(() => "", (e: Error) => e.message);
  expect(axe).toContain("axe label");
});
