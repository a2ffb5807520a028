// Shared test helpers: a page that records console errors and failed requests,
// opening the app and waiting until it is mounted, and an accessibility check by two engines.
import { readFileSync } from "node:fs";
import path from "node:path";
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

/** The first proeftuin stored on this device, as stored (`null` when there is none). */
export async function storedDoc(page: Page): Promise<any> {
  return page.evaluate(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const key = localStorage.key(i)!;
      if (key.startsWith("ptw.doc.")) return JSON.parse(localStorage.getItem(key)!);
    }
    return null;
  });
}

/** HTML_CodeSniffer (the engine behind pa11y), read once. */
const htmlcsSource = readFileSync(
  path.join(__dirname, "../../node_modules/html_codesniffer/build/HTMLCS.js"),
  "utf8",
);

/**
 * Checks the page with two WCAG engines and expects no violation from either: axe-core with
 * the WCAG 2.1 A and AA rules and WCAG 2.2's target size (Lighthouse counts it), and HTML_CodeSniffer at WCAG2AA (errors; it finds some things
 * axe does not, such as a fieldset without a legend or a form without a submit button).
 * HTML_CodeSniffer runs through the test driver, so the page's script policy does not apply.
 */
export async function expectNoA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `axe ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  await page.evaluate(htmlcsSource);
  const sniffed = await page.evaluate(
    () =>
      new Promise<string[]>((resolve) => {
        // @ts-expect-error: HTMLCS is the global the script above defines.
        const htmlcs = window.HTMLCS;
        htmlcs.process("WCAG2AA", document, () =>
          resolve(
            htmlcs
              .getMessages()
              .filter((m: { type: number }) => m.type === htmlcs.ERROR)
              .map(
                (m: { code: string; msg: string; element: Element }) =>
                  `HTML_CodeSniffer ${m.code}: ${m.msg} (${(m.element.outerHTML ?? "").slice(0, 120)})`,
              ),
          ),
        );
      }),
  );
  expect([...summary, ...sniffed]).toEqual([]);
}
