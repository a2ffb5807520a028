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
try {
  const glue = await import(tag.dataset.appJs);
  await glue.default({ module_or_path: tag.dataset.appWasm });
  // Keep the app available offline (see sw.js). Failure here never stops the app.
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/sw.js").catch((err) => console.warn("proeftuin-wizard: offline-modus niet beschikbaar", err));
  }
} catch (err) {
  console.error("proeftuin-wizard: starten mislukt", err);
  showError("De app kon niet starten. Laad de pagina opnieuw; lukt het dan nog niet, gebruik een recente versie van Chrome, Edge of Firefox.");
}
