// Enhances the plain SPARQL form (#sparql-form) with YASGUI in #sparql-editor when the vendored
// editor is present. Without it (or without script) the form posts to /sparql and the server
// renders the results table, so the page works either way.
(function () {
  "use strict";
  var host = document.getElementById("sparql-editor");
  var form = document.getElementById("sparql-form");
  if (!host || !form || typeof window.Yasgui !== "function") {
    return;
  }
  var textarea = form.querySelector("textarea[name=query]");
  var endpoint = host.getAttribute("data-endpoint") || "/sparql";
  var yasgui = new window.Yasgui(host, {
    requestConfig: { endpoint: endpoint, method: "GET" },
    copyEndpointOnNewTab: false,
    persistenceId: null
  });
  var tab = yasgui.getTab();
  if (textarea && tab && typeof tab.setQuery === "function") {
    tab.setQuery(textarea.value);
  }
  document.documentElement.classList.add("has-yasgui");
})();
