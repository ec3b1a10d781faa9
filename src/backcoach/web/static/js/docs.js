// The API documentation page: Swagger UI (vendored from npm) over the app's own /openapi.json.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  const root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") return;
  window.SwaggerUIBundle({
    url: root.dataset.url,
    dom_id: "#swagger-ui",
    deepLinking: false, // with deep links each operation's summary nests a link in its button (axe: nested-interactive)
    validatorUrl: null, // never ask another website to check the description
  });
});
