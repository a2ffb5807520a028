// Editing a large plan: 50 stakeholders, 30 afspraken and 20 risico's (the first voorbeeld,
// its items repeated with new ids, so every step stays complete and valid), in headless
// Chromium against a running server. Measured in the page with performance.now(),
// requestAnimationFrame and a MessageChannel message posted from the frame callback (it
// arrives once that frame has been rendered: "the next frame painted"):
// - keystroke → screen: a real key press (Playwright keyboard, through Chromium's input
//   pipeline) in a text field, from the keydown event's timestamp until the frame that shows
//   the new value has been painted; on step 2 the field is a stakeholder's name, and the
//   check is that the stakeholder's heading shows the new name; on step 3 an afspraak. Also
//   reported: keydown until the app's input handler has run (an input listener on window,
//   registered after the app's delegated one).
// - "Volgende" → next step: from the click event's timestamp until the frame painted in which
//   the next step's heading and the heading of its last list item are in the DOM (1→2 renders
//   the 50 stakeholders, 2→3 the 30 afspraken and 20 risico's; list items are folded to one
//   row each until opened, so the keystroke part opens its item with "Bewerk" first). Between two runs
//   "Vorige" goes back (not measured).
// - one autosave: the app's own performance measure "autosave" around Editor::write
//   (take in another tab's save, serialise with serde, localStorage write, read back and
//   compare), one per keystroke above (each keystroke waits for its autosave, 300 ms later);
//   and for comparison the same round trip in plain JS on the stored document.
// - the floor of the keystroke method: the same probe on an empty page with one input (no app
//   work: what remains is the wait for the next frame).
// Usage: node bench/editing.mjs http://127.0.0.1:PORT/ [repetitions]
// Writes bench/out/editing.md.
import { chromium } from "@playwright/test";
import { CHROMIUM, chromiumArgs, kb, ms, say, stats, table, verdict, withTimeout, writeSection } from "./lib.mjs";

const base = new URL(process.argv[2] ?? "http://127.0.0.1:8080/");
const reps = Number(process.argv[3] ?? 30);
const WARMUP = 3;
const FRAME_TARGET_MS = 16;
// Issue 11: a keystroke shows on screen within 8 ms (median), the new step within 16 ms.
const KEY_TARGET_MS = 8;
const SAVE_TARGET_MS = 5;
const CRITERIA = [
  "realisme_haalbaarheid",
  "realisme_begeleiding",
  "realisme_draagvlak",
  "realisme_kerncompetentie",
  "impact_doelgroep",
  "impact_omvang",
  "impact_duurzaamheid",
  "impact_beleid",
];
const SIZES = { stakeholders: 50, afspraken: 30, risicos: 20, indicatoren: 10, maanden: 12 };

/** Repeats the items of a list with new ids and numbered texts up to `n` items. */
function grow(items, n, prefix, textField) {
  if (items.length === 0) throw new Error(`the voorbeeld has no ${prefix} to repeat`);
  return Array.from({ length: n }, (_, i) => {
    const from = items[i % items.length];
    return { ...from, id: `bench-${prefix}-${i + 1}`, [textField]: `${from[textField]} (${i + 1})` };
  });
}

/** In the page: the probes that record what the benchmark reads. */
function installProbes() {
  const b = (window.__bench = { keys: [], handlers: [], steps: [], saves: [] });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "autosave") b.saves.push(e.duration);
  }).observe({ type: "measure" });
  // Runs `f` once the frame after this one's rendering has been painted.
  const afterFrame = (check, done) =>
    requestAnimationFrame(() => {
      const ok = check();
      const c = new MessageChannel();
      c.port1.onmessage = () => done(ok);
      c.port2.postMessage(0);
    });
  document.addEventListener(
    "keydown",
    (e) => {
      const t0 = e.timeStamp;
      keyT0 = t0;
      const input = e.target;
      const before = input.value;
      afterFrame(
        () => input.value !== before && (b.keyCheck ? b.keyCheck(input) : true),
        (ok) => b.keys.push({ ms: performance.now() - t0, ok }),
      );
    },
    true,
  );
  // Registered after the app's own (delegated) input listener, so it runs after the app's
  // handler has updated the document and the DOM.
  let keyT0 = null;
  window.addEventListener("input", () => {
    if (keyT0 !== null) b.handlers.push(performance.now() - keyT0);
    keyT0 = null;
  });
  document.addEventListener(
    "click",
    (e) => {
      if (!e.target.closest?.(".ptw-stepnav__next")) return;
      const t0 = e.timeStamp;
      const want = b.stepCheck;
      const poll = () =>
        afterFrame(want, (ok) => {
          if (ok) b.steps.push(performance.now() - t0);
          else if (performance.now() - t0 < 5000) poll();
          else b.steps.push(NaN);
        });
      poll();
    },
    true,
  );
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: chromiumArgs });
const out = {};
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on("pageerror", (e) => say("editing", `page error: ${e}`));

  // --- The large plan ---------------------------------------------------------------------
  await page.goto(base.href);
  await page.waitForSelector("html[data-app-ready]");
  await page.getByRole("button", { name: /^Begin met dit voorbeeld/ }).first().click();
  await page.waitForURL(/\/proeftuin\/[^/]+\/vertrekpunt/);
  const id = new URL(page.url()).pathname.split("/")[2];
  const key = `ptw.doc.${id}`;
  await page.goto(base.href);
  await page.waitForSelector("html[data-app-ready]");
  const doc = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), key));
  doc.stakeholders = grow(doc.stakeholders, SIZES.stakeholders, "sh", "naam");
  doc.plan.afspraken = grow(doc.plan.afspraken, SIZES.afspraken, "afspraak", "wat");
  doc.plan.risicos = grow(doc.plan.risicos, SIZES.risicos, "risico", "risico");
  const docBytes = await page.evaluate(([k, text]) => {
    localStorage.setItem(k, text);
    return new Blob([localStorage.getItem(k)]).size;
  }, [key, JSON.stringify(doc)]);
  // The document the next measurements open, and how many steps it has (6 once accepted).
  let current = { id, steps: 5 };
  const step = (slug) => new URL(`/proeftuin/${current.id}/${slug}`, base).href;

  const stepHeading = async () => (await page.locator("h1#stap-titel").textContent()).trim();
  async function open(slug, number) {
    await page.goto(step(slug));
    await page.waitForSelector("html[data-app-ready]");
    await page.evaluate(installProbes);
    if (!(await stepHeading()).startsWith(`Stap ${number} van ${current.steps}`)) throw new Error(`step ${number} not shown`);
  }

  // --- Keystroke → screen -----------------------------------------------------------------
  async function keystrokes(slug, number, itemSelector, fieldId, keyCheck) {
    await open(slug, number);
    await page.evaluate(`window.__bench.keyCheck = ${keyCheck}`);
    // List items are folded: open the item like a user does, with its "Bewerk" button.
    const toggle = page.locator(itemSelector).getByRole("button", { name: /^Bewerk/ });
    await toggle.scrollIntoViewIfNeeded();
    await toggle.click();
    const field = page.locator(`#${fieldId}`);
    await field.scrollIntoViewIfNeeded();
    await field.focus();
    await page.keyboard.press("End");
    await page.waitForTimeout(100);
    await page.evaluate(() => {
      window.__bench.keys = [];
      window.__bench.handlers = [];
    });
    for (let i = 0; i < WARMUP + reps; i++) {
      const before = await page.evaluate(() => [window.__bench.keys.length, window.__bench.saves.length]);
      await page.keyboard.press(String.fromCharCode(97 + (i % 26)));
      // The frame, then the autosave (300 ms after the last keystroke).
      await page.waitForFunction(([k, s]) => window.__bench.keys.length > k && window.__bench.saves.length > s, before, {
        timeout: 5000,
      });
      await page.waitForTimeout(50);
    }
    const b = await page.evaluate(() => window.__bench);
    const keys = b.keys.slice(WARMUP);
    if (keys.some((k) => !k.ok)) throw new Error(`${slug}: a frame after a keystroke did not show the new value`);
    return {
      keys: keys.map((k) => k.ms),
      handlers: b.handlers.slice(WARMUP),
      saves: b.saves.slice(WARMUP),
    };
  }
  const shKey = await withTimeout(120, "keystrokes on step 2", () =>
    keystrokes(
      "stakeholders",
      2,
      "#f-stakeholders-bench-sh-25",
      "f-stakeholders-bench-sh-25-naam",
      `(input) => document.getElementById("f-stakeholders-bench-sh-25-kop").textContent.includes(input.value.trim())`,
    ),
  );
  say("editing", "keystrokes on step 2 done");
  const planKey = await withTimeout(120, "keystrokes on step 3", () =>
    keystrokes("plan-van-aanpak", 3, "#f-plan-afspraken-bench-afspraak-15", "f-plan-afspraken-bench-afspraak-15-wat", "null"),
  );
  say("editing", "keystrokes on step 3 done");

  // --- "Volgende" → next step -------------------------------------------------------------
  async function stepToStep(fromSlug, from, to, lastItemSelector) {
    await open(fromSlug, from);
    const check = `() => {
      const h = document.querySelector("h1#stap-titel");
      return !!h && h.textContent.startsWith("Stap ${to} van ${current.steps}") && !!document.querySelector(${JSON.stringify(lastItemSelector)});
    }`;
    await page.evaluate(`window.__bench.stepCheck = ${check}`);
    for (let i = 0; i < WARMUP + reps; i++) {
      const n = await page.evaluate(() => window.__bench.steps.length);
      await page.locator(".ptw-stepnav__next").click();
      await page.waitForFunction((k) => window.__bench.steps.length > k, n, { timeout: 10_000 });
      if (await page.locator("#ontbreekt").count()) throw new Error(`step ${from} is not complete: "Volgende" shows what is missing`);
      await page.getByRole("link", { name: /^Vorige:/ }).click();
      await page.waitForFunction(([f, n]) => document.querySelector("h1#stap-titel")?.textContent.startsWith(`Stap ${f} van ${n}`), [from, current.steps]);
      await page.waitForTimeout(150);
    }
    const steps = (await page.evaluate(() => window.__bench.steps)).slice(WARMUP);
    if (steps.some((x) => !Number.isFinite(x))) throw new Error(`step ${from} → ${to}: the next step did not appear`);
    return steps;
  }
  const step12 = await withTimeout(180, "step 1 → 2", () =>
    stepToStep("vertrekpunt", 1, 2, `#f-stakeholders-bench-sh-${SIZES.stakeholders}-kop`),
  );
  say("editing", "step 1 → 2 done");
  const step23 = await withTimeout(180, "step 2 → 3", () =>
    stepToStep("stakeholders", 2, 3, `#f-plan-risicos-bench-risico-${SIZES.risicos}-kop`),
  );
  say("editing", "step 2 → 3 done");

  // --- Step 6 after a year: the same plan accepted, 10 monthly indicators with 12 reports each
  const iso = (d) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  const now = new Date();
  const start = new Date(now.getFullYear() - 1, now.getMonth() - 1, 1);
  const month = (k) => new Date(start.getFullYear(), start.getMonth() + k, 1);
  const doc6 = JSON.parse(JSON.stringify(doc));
  doc6.id = `${id}-6`;
  doc6.status = "in_uitvoering";
  doc6.schema_version = 3;
  doc6.vertrekpunt.startdatum = iso(start);
  doc6.vertrekpunt.evaluatiedatum = iso(month(12));
  doc6.vertrekpunt.looptijd_maanden = 36;
  // Accepted: the assessment is complete, so step 5's "Volgende" leads on to step 6.
  doc6.beoordeling = {
    scores: CRITERIA.map((criterion) => ({ criterion, score: 4, reden: "Onderbouwd in het plan." })),
    oordeel: "accepteren",
    oordeel_toelichting: "Realistisch plan met impact.",
    beoordelaar: "Inkoper",
  };
  doc6.plan.indicatoren = Array.from({ length: SIZES.indicatoren }, (_, i) => ({
    id: `bench-ind-${i + 1}`,
    indicator: `Indicator ${i + 1}`,
    frequentie: "maandelijks",
    streefwaarde: 10,
    eenheid: "kandidaten",
  }));
  doc6.uitvoering = {
    metingen: doc6.plan.indicatoren.flatMap((ind, i) =>
      Array.from({ length: SIZES.maanden }, (_, m) => ({
        id: `bench-m-${i + 1}-${m + 1}`,
        indicator: ind.id,
        datum: iso(month(m + 1)),
        waarde: m + 0.5,
        notitie: `Meting ${m + 1}`,
      })),
    ),
    tellingen: Array.from({ length: SIZES.maanden }, (_, m) => ({
      id: `bench-t-${m + 1}`,
      datum: iso(month(m + 1)),
      gestart: m + 2,
      aan_het_werk: m + 1,
      uitgevallen: 1,
      contract: 0,
    })),
  };
  const doc6Bytes = await page.evaluate(([k, text]) => {
    localStorage.setItem(k, text);
    return new Blob([localStorage.getItem(k)]).size;
  }, [`ptw.doc.${doc6.id}`, JSON.stringify(doc6)]);
  current = { id: doc6.id, steps: 6 };
  const uvKey = await withTimeout(120, "keystrokes on step 6", () =>
    keystrokes("uitvoering", 6, "#f-uitvoering-metingen-bench-m-5-6", "f-uitvoering-metingen-bench-m-5-6-notitie", "null"),
  );
  say("editing", "keystrokes on step 6 done");
  const step56 = await withTimeout(180, "step 5 → 6", () => stepToStep("afronden", 5, 6, "#f-uitvoering-gesprekken"));
  say("editing", "step 5 → 6 done");

  // --- The same storage round trip in plain JS, on the stored document --------------------
  const jsSave = await page.evaluate(
    ([k, n]) => {
      const doc = JSON.parse(localStorage.getItem(k));
      const times = [];
      for (let i = 0; i < n; i++) {
        const t0 = performance.now();
        const text = JSON.stringify(doc);
        localStorage.setItem(k, text);
        if (localStorage.getItem(k) !== text) throw new Error("read back differs");
        times.push(performance.now() - t0);
      }
      return times;
    },
    [key, reps],
  );

  // --- The floor of the method: the same probe on an empty page with one input -------------
  const blank = await context.newPage();
  await blank.setContent("<input id=leeg aria-label=leeg>");
  await blank.evaluate(installProbes);
  await blank.focus("#leeg");
  for (let i = 0; i < WARMUP + reps; i++) {
    await blank.keyboard.press("a");
    await blank.waitForTimeout(40);
  }
  const floor = (await blank.evaluate(() => window.__bench.keys)).slice(WARMUP).map((k) => k.ms);
  await blank.close();

  Object.assign(out, { docBytes, doc6Bytes, shKey, planKey, uvKey, step12, step23, step56, jsSave, floor });
  await context.close();
} finally {
  await browser.close();
}

// --- The section ----------------------------------------------------------------------------
const line = (what, xs, target, limit, digits = 1) => {
  const s = stats(xs);
  const f = (x) => ms(x, digits);
  return [what, f(s.median), f(s.min), f(s.max), String(s.n), target, limit ? verdict(s.median, limit, f) : ""];
};
const saves = [...out.shKey.saves, ...out.planKey.saves];
writeSection(
  "editing",
  [
    "## Editing a large plan",
    "",
    `The first voorbeeld with its lists repeated to ${SIZES.stakeholders} stakeholders, ${SIZES.afspraken} afspraken ` +
      `and ${SIZES.risicos} risico's (every step still complete; stored document ${kb(out.docBytes)}), headless ` +
      `Chromium at 1280×900, ${reps} measured repetitions after ${WARMUP} unmeasured ones. "Painted" = a ` +
      "message posted from the next `requestAnimationFrame` callback has arrived, i.e. that frame " +
      "was rendered (headless Chromium renders at 60 frames per second, so this includes waiting for " +
      "the next frame, up to 16.7 ms). Times start at the input event's own timestamp (`event.timeStamp`).",
    "",
    table(
      ["measure", "median", "min", "max", "runs", "target", "met?"],
      [
        line("keystroke → screen painted, step 2 (a stakeholder's name; its heading shows it)", out.shKey.keys, "≤ 8 ms", KEY_TARGET_MS),
        line("… keystroke → the app's input handler done (before the frame)", out.shKey.handlers, "", 0),
        line("keystroke → screen painted, step 3 (an afspraak)", out.planKey.keys, "≤ 8 ms", KEY_TARGET_MS),
        line("… keystroke → the app's input handler done (before the frame)", out.planKey.handlers, "", 0),
        line("for comparison: keystroke → painted on an empty page with one input (the floor of this method: waiting for the next frame)", out.floor, "", 0),
        line("\"Volgende\" → step 2 painted (50 stakeholders and the map)", out.step12, "≤ 16 ms", FRAME_TARGET_MS),
        line("\"Volgende\" → step 3 painted (30 afspraken, 20 risico's)", out.step23, "≤ 16 ms", FRAME_TARGET_MS),
        line(`keystroke → screen painted, step 6 (a measurement's note; ${SIZES.indicatoren} monthly indicators with ${SIZES.maanden} reports each)`, out.uvKey.keys, "≤ 8 ms", KEY_TARGET_MS),
        line("\"Volgende\" → step 6 painted (the same year of reports, from step 5)", out.step56, "≤ 16 ms", FRAME_TARGET_MS),
        line("one autosave in the app (measure `autosave`: take in, serialise, write, read back, compare)", saves, "≤ 5 ms", SAVE_TARGET_MS, 2),
        line("… the same round trip in plain JS (`JSON.stringify`, `setItem`, `getItem`, compare)", out.jsSave, "", 0, 2),
      ],
    ),
    "",
    "Browser timers are coarsened to 0.1 ms, so the autosave figures have that resolution.",
    "",
    "A keystroke's time includes the wait for the next frame (at 60 frames per second up to " +
      "16.7 ms, on average half of that), which the app cannot shorten: the empty page's median " +
      `(${ms(stats(out.floor).median)} in this run) is that floor, and it moves by about 1.5 ms between ` +
      "runs. Above it, the app's own part of a keystroke was: step 2 " +
      `${ms(stats(out.shKey.keys).median - stats(out.floor).median)}, step 3 ` +
      `${ms(stats(out.planKey.keys).median - stats(out.floor).median)}, step 6 ` +
      `${ms(stats(out.uvKey.keys).median - stats(out.floor).median)} (median minus the floor's median; ` +
      `the step-6 document, accepted with a year of reports, is ${kb(out.doc6Bytes)} stored). ` +
      "The verdict above is on the whole time, as the target is stated.",
  ].join("\n"),
);
