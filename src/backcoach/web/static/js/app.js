// Shared by every page: mark that scripts run (pages enhance themselves only then) and install the service
// worker that keeps the app, and the routines opened, usable offline.
"use strict";
document.documentElement.classList.add("js");

if ("serviceWorker" in navigator && window.isSecureContext) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => {
      // No offline use (a private window, or storage refused): the app works online as before.
    });
  });
  // A form that signs out or erases the account also forgets the pages kept for offline use.
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.forgetOffline !== undefined
        && navigator.serviceWorker.controller) {
      navigator.serviceWorker.controller.postMessage("forget");
    }
  });
}
