// Keyboard-only helpers: reach an element by pressing Tab, the way a keyboard user does.
import { expect, type Locator, type Page } from "@playwright/test";

/** Presses Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
export async function tabTo(page: Page, target: Locator, { max = 400, backwards = false } = {}) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === document.activeElement).catch(() => false)) return;
    await page.keyboard.press(backwards ? "Shift+Tab" : "Tab");
  }
  await expect(target, `reached by keyboard within ${max} presses`).toBeFocused();
}

/** Tabs to a text field and types into it (replacing what was there). */
export async function typeInto(page: Page, target: Locator, text: string) {
  await tabTo(page, target);
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.press("Delete");
  await page.keyboard.type(text);
}

/** Tabs to a control and presses a key (Enter for links/buttons, Space for check boxes). */
export async function activate(page: Page, target: Locator, key = "Enter") {
  await tabTo(page, target);
  await page.keyboard.press(key);
}

/** Types a date into a date input. Day and month are equal so the browser's field order does not matter. */
export async function typeDate(page: Page, target: Locator, dayAndMonth: string, year: string) {
  await tabTo(page, target);
  await page.keyboard.type(`${dayAndMonth}${dayAndMonth}${year}`);
}
