// The app shell loads from the real server: Dutch title, no errors, accessible.
import { test, expect, openApp, expectNoAxeViolations } from "./fixtures";

test("the app loads from the server with a Dutch title, no errors and no axe violations", async ({ page, problems }) => {
  const response = await page.goto("/");
  expect(response?.status()).toBe(200);
  const csp = response?.headers()["content-security-policy"] ?? "";
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);

  await expect(page).toHaveTitle(/Mijn proeftuinen – Proeftuin-wizard/);
  await expect(page.locator("html")).toHaveAttribute("lang", "nl");
  await expect(page.getByRole("banner")).toContainText("Proeftuin-wizard");
  await expect(page.getByRole("heading", { level: 1, name: "Mijn proeftuinen" })).toBeVisible();

  await expectNoAxeViolations(page);
  expect(problems.consoleErrors).toEqual([]);
  expect(problems.failedRequests).toEqual([]);
});

test("an unknown address shows a Dutch not-found page with a way back", async ({ page, problems }) => {
  await openApp(page, "/bestaat/niet");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deze pagina bestaat niet");
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
