// Loads the app without inline script (the Content-Security-Policy forbids it).
// Trunk writes the hashed file names into the data attributes of this tag.
const tag = document.querySelector("script[data-app-js]");
// The app puts every page and step at its top itself (focus on its heading). With the
// browser's own scroll restoration on, Chromium also records the scroll offset at every
// step change (pushState), which cost about half a millisecond of each "Volgende".
history.scrollRestoration = "manual";
const showError = (message) => {
  const box = document.createElement("p");
  box.setAttribute("role", "alert");
  box.className = "ptw-boot-error";
  box.textContent = message;
  document.body.prepend(box);
};
// A newer build on the server: the page names other hashed files than the running one.
// Looked for once the app runs, when the connection comes back, when the tab is shown again,
// and every 15 minutes. The service worker first stores the new build (so it opens offline
// too); then a message offers it. Taking it reloads the page; the editor saves a draft at
// `pagehide`, so what was typed just before is kept. "Later" puts the offer away until the
// next page load.
// The build is known by its hashed file names: the JS glue, the wasm, the split modules.
const buildOf = (attrs) => ["app-js", "app-wasm", "app-chunks"].map((a) => attrs(a) ?? "").join(" ");
const running = buildOf((a) => tag.getAttribute(`data-${a}`));
let offered = false;
let looking = false;
async function lookForUpdate() {
  if (offered || looking || !navigator.onLine) return;
  looking = true;
  try {
    await offerUpdate();
  } finally {
    looking = false;
  }
}
async function offerUpdate() {
  let html;
  try {
    // Not "/" itself: the service worker answers that from its cache.
    const response = await fetch("/?versie", { cache: "no-store" });
    if (!response.ok) return;
    html = await response.text();
  } catch {
    return;
  }
  const loader = html.match(/<script[^>]*data-app-wasm="[^"]*"[^>]*>/)?.[0];
  if (!loader) return;
  const build = buildOf((a) => loader.match(new RegExp(`data-${a}="([^"]*)"`))?.[1]);
  if (build === running || offered) return;
  const worker = navigator.serviceWorker?.controller;
  if (worker) {
    const stored = await new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (e) => resolve(e.data === "opgeslagen");
      worker.postMessage("nieuwe-versie-opslaan", [channel.port2]);
      setTimeout(() => resolve(false), 60_000);
    });
    if (!stored) return;
  }
  if (offered) return;
  offered = true;
  // An empty status region first, its words a moment later: screen readers announce a
  // change of a live region, not one that appears with its words in it.
  const box = document.createElement("div");
  box.className = "ptw-update";
  box.setAttribute("role", "status");
  document.body.append(box);
  document.documentElement.classList.add("ptw-has-update");
  setTimeout(() => {
    const text = document.createElement("p");
    text.textContent = "Er is een nieuwe versie – ";
    const take = document.createElement("button");
    take.type = "button";
    take.className = "ptw-button";
    take.textContent = "Vernieuwen";
    take.addEventListener("click", () => location.reload());
    const later = document.createElement("button");
    later.type = "button";
    later.className = "ptw-button ptw-button--secondary";
    later.textContent = "Later";
    later.addEventListener("click", () => {
      box.remove();
      document.documentElement.classList.remove("ptw-has-update");
    });
    text.append(take, later);
    box.append(text);
  }, 100);
}
try {
  const glue = await import(tag.dataset.appJs);
  await glue.default({ module_or_path: tag.dataset.appWasm });
  // Keep the app available offline (see sw.js). Failure here never stops the app.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch((err) => console.warn("proeftuin-wizard: offline-modus niet beschikbaar", err));
  }
  setTimeout(lookForUpdate, 5_000);
  setInterval(lookForUpdate, 15 * 60_000);
  addEventListener("online", lookForUpdate);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") lookForUpdate();
  });
} catch (err) {
  console.error("proeftuin-wizard: starten mislukt", err);
  showError("De app kon niet starten. Laad de pagina opnieuw; lukt het dan nog niet, gebruik een recente versie van Chrome, Edge of Firefox.");
}
