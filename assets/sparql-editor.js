// Turns the server-rendered SPARQL form on /sparql into the YASGUI editor.
// Without this script (or without YASGUI) the plain form keeps working: it posts the query to the server,
// which renders the results as table#sparql-results. Loaded with `defer`, after yasgui.min.js.
(function () {
  "use strict";

  var mount = document.getElementById("sparql-editor");
  var form = document.getElementById("sparql-form");
  var Yasgui = window.Yasgui;
  if (!mount || !Yasgui) {
    return;
  }

  var endpoint = new URL("/sparql", window.location.href).href;
  var textarea = form ? form.querySelector("textarea[name=query]") : null;
  var initialQuery = textarea && textarea.value.trim() ? textarea.value : null;

  // Class and property completion would ask lov.linkeddata.es: nothing leaves this site, so only the
  // completers that work from the query itself stay on.
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];

  var yasgui;
  try {
    yasgui = new Yasgui(mount, {
      // The page's own query and examples decide what is shown, not an earlier visit's stored tabs.
      persistenceId: null,
      copyEndpointOnNewTab: false,
      endpointCatalogueOptions: {
        getData: function () {
          return [{ endpoint: endpoint }];
        },
        keys: [],
      },
      requestConfig: { endpoint: endpoint, method: "POST" },
      yasqe: { autocompleters: ["variables"] },
    });
  } catch (error) {
    // The plain form is still on the page; say why the editor is missing instead of failing silently.
    console.warn("SPARQL editor unavailable, using the plain form:", error);
    return;
  }

  var tab = yasgui.getTab();
  if (initialQuery && tab) {
    tab.setQuery(initialQuery);
    // A page opened with ?query= (an example link, a shared URL) shows its results in the editor too.
    if (new URL(window.location.href).searchParams.has("query")) {
      tab.query();
    }
  }

  // The editor replaces the plain form and its server-rendered results; both stay in the HTML for
  // browsers without script.
  if (form) {
    form.hidden = true;
  }
  var serverResults = document.getElementById("sparql-results");
  if (serverResults) {
    var wrapper = serverResults.closest("section, figure, div.sparql-results") || serverResults;
    wrapper.hidden = true;
  }
  mount.hidden = false;
  mount.classList.add("sparql-editor--active");

  // Example queries are links to /sparql?query=…; with the editor they load into it and run there.
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey) {
      return;
    }
    var url = new URL(link.href, window.location.href);
    if (url.origin !== window.location.origin || url.pathname !== "/sparql" || !url.searchParams.has("query")) {
      return;
    }
    var current = yasgui.getTab();
    if (!current) {
      return;
    }
    event.preventDefault();
    current.setQuery(url.searchParams.get("query"));
    current.query();
    mount.scrollIntoView({ block: "start" });
  });
})();
