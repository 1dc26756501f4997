// Turns the server-rendered SPARQL form on /sparql into the YASGUI editor.
// Without this script (or without YASGUI) the plain form keeps working: it sends the query to the
// server, which renders the results as table#sparql-results.
// YASGUI (1 MB of script) is fetched only after the page has loaded, from the URLs the page gives in
// #sparql-editor's data-yasgui-js / data-yasgui-css, so the page and its form show at once; a page
// that already loaded YASGUI itself (window.Yasgui) is used as it is.
(function () {
  "use strict";

  var mount = document.getElementById("sparql-editor");
  if (!mount) {
    return;
  }

  function loadYasgui(done) {
    if (window.Yasgui) {
      done();
      return;
    }
    var js = mount.getAttribute("data-yasgui-js");
    var css = mount.getAttribute("data-yasgui-css");
    if (!js) {
      return;
    }
    if (css) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = css;
      // Our own overrides (sparql-editor.css) must stay after YASGUI's stylesheet.
      var ours = document.querySelector('link[rel=stylesheet][href*="sparql-editor.css"]');
      document.head.insertBefore(link, ours || null);
    }
    var script = document.createElement("script");
    script.src = js;
    script.onload = function () {
      if (window.Yasgui) done();
    };
    script.onerror = function () {
      console.warn("SPARQL editor could not be loaded; the plain form stays.");
    };
    document.head.appendChild(script);
  }

  function start() {
    loadYasgui(enhance);
  }
  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }

  function enhance() {
    var Yasgui = window.Yasgui;
    var form = document.getElementById("sparql-form");
    var endpoint = new URL("/sparql", window.location.href).href;
    var textarea = form ? form.querySelector("textarea[name=query]") : null;
    var initialQuery = textarea && textarea.value.trim() ? textarea.value : null;

    // Class and property completion would ask lov.linkeddata.es: nothing leaves this site, so only the
    // completers that work from the query itself stay on.
    Yasgui.Yasqe.defaults.autocompleters = ["variables"];

    var english = (document.documentElement.lang || "").slice(0, 2) === "en";
    var names = english
      ? {
          query: "SPARQL query",
          rows: "Rows per page",
          filter: "Filter the results",
          control: "Editor control",
        }
      : {
          query: "SPARQL-spørring",
          rows: "Rader per side",
          filter: "Filtrer resultatene",
          control: "Kontroll i editoren",
        };

    var yasgui;
    try {
      yasgui = new Yasgui(mount, {
        // The page's own query and examples decide what is shown, not an earlier visit's stored tabs
        // nor YASGUI's own reading of the URL (the page runs a ?query= itself, once).
        persistenceId: null,
        populateFromUrl: false,
        // Focus stays where the reader is (the skip link and headings come first).
        autofocus: false,
        copyEndpointOnNewTab: false,
        endpointCatalogueOptions: {
          getData: function () {
            return [{ endpoint: endpoint }];
          },
          keys: [],
        },
        requestConfig: { endpoint: endpoint, method: "POST" },
        // Tab and Shift-Tab move focus out of the editor instead of indenting: no keyboard trap
        // (WCAG 2.1.2); indenting stays on the editor's other keys.
        yasqe: { autocompleters: ["variables"], extraKeys: { Tab: false, "Shift-Tab": false } },
      });
    } catch (error) {
      // The plain form is still on the page; say why the editor is missing instead of failing silently.
      console.warn("SPARQL editor unavailable, using the plain form:", error);
      return;
    }

    var tab = yasgui.getTab();

    // The query lives in the URL: after each run (and as the text changes) the address becomes a
    // link to this very query, and the download links follow the text in the editor.
    var lang = (document.documentElement.lang || "nb").slice(0, 2);
    function syncQuery(query, replaceUrl) {
      Array.prototype.forEach.call(document.querySelectorAll("#sparql-downloads a[href]"), function (a) {
        var u = new URL(a.href, window.location.href);
        u.searchParams.set("query", query);
        a.href = u.pathname + "?" + u.searchParams.toString();
      });
      if (replaceUrl && window.history && window.history.replaceState) {
        var here = new URL(window.location.href);
        here.search = "";
        here.searchParams.set("query", query);
        here.searchParams.set("lang", lang);
        window.history.replaceState(null, "", here.pathname + "?" + here.searchParams.toString());
      }
    }
    function watch(t) {
      var yasqe = t && t.getYasqe ? t.getYasqe() : null;
      if (!yasqe || yasqe.__tiltakWatched) return;
      yasqe.__tiltakWatched = true;
      var timer = null;
      yasqe.on("change", function () {
        clearTimeout(timer);
        timer = setTimeout(function () {
          syncQuery(yasqe.getValue(), false);
        }, 300);
      });
      ["queryBefore", "queryResponse"].forEach(function (name) {
        yasqe.on(name, function () {
          syncQuery(yasqe.getValue(), true);
        });
      });
    }
    watch(tab);

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

    // One editor against this site's endpoint: the tab bar (a tablist holding a button) and the
    // endpoint bar (an unlabelled field for other endpoints, which the CSP would refuse anyway) go.
    ["tabsList", "controlbar"].forEach(function (name) {
      Array.prototype.forEach.call(mount.getElementsByClassName(name), function (el) {
        el.style.display = "none";
      });
    });

    // YASGUI draws some fields without an accessible name; name them, also when results redraw.
    function nameControls() {
      var fields = mount.querySelectorAll("textarea, input, select");
      Array.prototype.forEach.call(fields, function (field) {
        if (field.labels && field.labels.length) return;
        if (field.getAttribute("aria-label") || field.getAttribute("aria-labelledby") || field.title) return;
        if (field.closest(".CodeMirror")) {
          field.setAttribute("aria-label", names.query);
        } else if (field.classList.contains("tableSizer")) {
          field.setAttribute("aria-label", names.rows);
        } else if (field.type === "search" || field.closest(".dt-search")) {
          field.setAttribute("aria-label", names.filter);
        } else if (field.type !== "hidden") {
          field.setAttribute("aria-label", field.placeholder || names.control);
        }
      });
    }
    nameControls();
    new MutationObserver(nameControls).observe(mount, { childList: true, subtree: true });

    // Example queries are links to /sparql?query=…; with the editor they load into it and run there.
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[href]") : null;
      if (!link || event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey) {
        return;
      }
      var url = new URL(link.href, window.location.href);
      if (
        url.origin !== window.location.origin ||
        url.pathname !== "/sparql" ||
        !url.searchParams.has("query")
      ) {
        return;
      }
      var current = yasgui.getTab();
      if (!current) {
        return;
      }
      event.preventDefault();
      current.setQuery(url.searchParams.get("query"));
      watch(current);
      syncQuery(url.searchParams.get("query"), true);
      current.query();
      mount.scrollIntoView({ block: "start" });
    });
  }
})();
