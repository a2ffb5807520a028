// The app itself stays available without a connection (service worker), and what was
// typed offline is kept.
import { test, expect, openApp } from "./fixtures";

test("the app reloads while offline and keeps what was typed offline", async ({ page, context }) => {
  await openApp(page, "/");
  await page.getByRole("button", { name: "Nieuwe proeftuin" }).click();
  await page.getByLabel("Naam van de proeftuin").fill("Voor in de trein");
  // Wait until the service worker controls the page and has the shell cached.
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener("controllerchange", resolve, { once: true }));
    }
  });
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).length)).toBeGreaterThan(0);
  const url = page.url();

  await context.setOffline(true);
  await page.reload();
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
  await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue("Voor in de trein");
  await page.getByLabel("Naam van de proeftuin").fill("Voor in de trein, offline bijgewerkt");
  await page.getByRole("navigation", { name: "Stappen" }).getByRole("link", { name: /Plan van Aanpak/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Stap 3 van 5 – Plan van Aanpak" })).toBeVisible();

  // Open the app fresh while still offline: the overview lists the plan.
  await page.goto("/");
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
  await expect(page.getByRole("link", { name: /Voor in de trein, offline bijgewerkt/ }).first()).toBeVisible();

  // The voorbeelden are files beside the app, kept by the service worker: one opens offline.
  await page.getByRole("button", { name: /^Begin met dit voorbeeld.*Berenschot/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Stap 1 van 5 – Vertrekpunt");
  await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue("Betaalde werkervaring voor hoger opgeleiden");
  await page.goto("/");
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);

  await context.setOffline(false);
  await page.goto(url);
  await expect(page.getByLabel("Naam van de proeftuin")).toHaveValue("Voor in de trein, offline bijgewerkt");
});
