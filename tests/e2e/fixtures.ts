// Shared test helpers: a page that records console errors and failed requests,
// opening the app and waiting until it is mounted, and an axe-core check.
import { test as base, expect, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

export type Problems = { consoleErrors: string[]; failedRequests: string[] };

export const test = base.extend<{ problems: Problems }>({
  problems: async ({ page }, use) => {
    const problems: Problems = { consoleErrors: [], failedRequests: [] };
    page.on("console", (msg) => {
      if (msg.type() === "error") problems.consoleErrors.push(msg.text());
    });
    page.on("pageerror", (err) => problems.consoleErrors.push(String(err)));
    page.on("requestfailed", (req) =>
      problems.failedRequests.push(`${req.method()} ${req.url()}: ${req.failure()?.errorText}`),
    );
    page.on("response", (res) => {
      if (res.status() >= 400) problems.failedRequests.push(`${res.status()} ${res.url()}`);
    });
    await use(problems);
  },
});

export { expect };

/** Opens a path of the app and waits until the app has mounted. */
export async function openApp(page: Page, path = "/") {
  await page.goto(path);
  await expect(page.locator("html[data-app-ready]")).toHaveCount(1);
}

/** Runs axe-core with the WCAG 2.1 A and AA rules and expects no violation. */
export async function expectNoAxeViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary).toEqual([]);
}
