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
          share: "Link to the query",
          control: "Editor control",
        }
      : {
          query: "SPARQL-spørring",
          rows: "Rader per side",
          filter: "Filtrer resultatene",
          share: "Lenke til spørringen",
          control: "Kontroll i editoren",
        };

    // YASGUI's own chrome is English. On Bokmål pages its results table speaks Norwegian through
    // DataTables' language options, and `relabel` below renames the rest after each render.
    var table = Yasgui.Yasr.plugins.table;
    if (!english && table && table.defaults && table.defaults.tableConfig) {
      table.defaults.tableConfig.language = Object.assign({}, table.defaults.tableConfig.language, {
        info: "Viser _START_–_END_ av _TOTAL_",
        infoEmpty: "Ingen rader",
        infoFiltered: "(filtrert fra _MAX_)",
        emptyTable: "Spørringen ga ingen resultater",
        zeroRecords: "Ingen rader passer til filteret",
        thousands: "\u00a0",
        decimal: ",",
        lengthLabels: { "-1": "Alle" },
        aria: {
          orderable: ": sorter",
          orderableReverse: ": snu sorteringen",
          orderableRemove: ": fjern sorteringen",
          paginate: { first: "Første side", last: "Siste side", next: "Neste side", previous: "Forrige side" },
        },
      });
    }
    // A refused query: one line in the page's language, the server's explanation (English, as the
    // protocol's problem detail is) marked as such.
    Yasgui.Yasr.defaults.errorRenderers = [
      function (error) {
        var box = document.createElement("div");
        box.className = "query-error";
        var head = document.createElement("p");
        var status = error && error.status ? " (" + error.status + ")" : "";
        head.textContent = (english ? "The query could not be run" : "Spørringen kunne ikke kjøres") + status + ".";
        box.appendChild(head);
        var detail = error && error.text;
        try {
          detail = JSON.parse(detail).detail || detail;
        } catch (ignored) {
          // not a problem document: the text as it came
        }
        if (detail) {
          var p = document.createElement("p");
          p.lang = "en";
          p.textContent = detail;
          box.appendChild(p);
        }
        return Promise.resolve(box);
      },
    ];

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
        if (field.closest(".yasqe_sharePopup")) {
          field.setAttribute("aria-label", names.share);
        } else if (field.closest(".CodeMirror")) {
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
    // YASGUI's words on Bokmål pages: its buttons, their titles and names, and the lines it writes
    // about a result. The query, the results and their column names are left as they are.
    var seconds = function (s) {
      return s.replace(".", ",") + " sekund" + (s === "1" ? "" : "er");
    };
    var NB = {
      "Run query": "Kjør spørringen",
      "Share query": "Del spørringen",
      Table: "Tabell",
      "Shows Table view": "Vis som tabell",
      Response: "Svar",
      "Shows Response view": "Vis svar slik endepunktet sendte det",
      Boolean: "Sant/usant",
      "Shows Boolean view": "Vis sant/usant",
      "Simple view": "Enkel visning",
      Ellipse: "Forkort lange verdier",
      "Filter query results": "Filtrer resultatene",
      "Page size:": "Rader per side:",
      All: "Alle",
      "Download result": "Last ned resultatet",
      "Download Results": "Last ned resultatet",
      "Download not supported": "Dette svaret kan ikke lastes ned",
      "View documentation of Table": "Veiledning til tabellvisningen (på engelsk)",
      "View documentation of Response": "Veiledning til svarvisningen (på engelsk)",
      "Show all": "Vis alt",
      "Try query in a new browser window": "Prøv spørringen i et nytt nettleservindu",
      pagination: "Sidevelger",
      Settings: "Innstillinger",
      "Open settings": "Åpne innstillingene",
      "Close settings": "Lukk innstillingene",
      "Close tab": "Lukk fanen",
      "Add tab": "Ny fane",
      "Add a new tab": "Legg til en ny fane",
      "Clear endpoint": "Tøm endepunktet",
      "Search or add an endpoint": "Søk etter eller legg til et endepunkt",
      "Request method": "Forespørselsmetode",
      "Accept Headers": "Accept-hoder",
      Arguments: "Argumenter",
      "Header Arguments": "Hoder",
      "Default Graphs": "Standardgrafer",
      "Named Graphs": "Navngitte grafer",
    };
    var NB_PATTERNS = [
      [
        /^(\d+) results? in ([\d.]+) seconds?$/,
        function (m, n, s) {
          return n + (n === "1" ? " rad" : " rader") + " på " + seconds(s);
        },
      ],
      [
        /^(\d+) results?$/,
        function (m, n) {
          return n + (n === "1" ? " rad" : " rader");
        },
      ],
      [
        /^Response in ([\d.]+) seconds?$/,
        function (m, s) {
          return "Svar på " + seconds(s);
        },
      ],
    ];
    function norwegian(value) {
      var text = value.trim();
      if (!text) return null;
      var said = Object.prototype.hasOwnProperty.call(NB, text) ? NB[text] : null;
      for (var i = 0; said === null && i < NB_PATTERNS.length; i++) {
        if (NB_PATTERNS[i][0].test(text)) said = text.replace(NB_PATTERNS[i][0], NB_PATTERNS[i][1]);
      }
      return said === null ? null : value.replace(text, said);
    }
    function relabel() {
      if (english) return;
      // The editor's and the response's text (CodeMirror's scroll area) is the query and the data.
      var keep = ".CodeMirror-scroll, .CodeMirror-measure, table, .query-error";
      var walker = document.createTreeWalker(mount, NodeFilter.SHOW_TEXT);
      for (var node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement && node.parentElement.closest(keep)) continue;
        var said = norwegian(node.nodeValue);
        if (said !== null && said !== node.nodeValue) node.nodeValue = said;
      }
      Array.prototype.forEach.call(mount.querySelectorAll("[title], [aria-label], [placeholder]"), function (el) {
        if (el.closest(".CodeMirror-scroll, tbody")) return;
        ["title", "aria-label", "placeholder"].forEach(function (name) {
          var value = el.getAttribute(name);
          var said = value && norwegian(value);
          if (said && said !== value) el.setAttribute(name, said);
        });
      });
    }
    function tidy() {
      nameControls();
      relabel();
      // YASGUI's help links lead to its English documentation.
      Array.prototype.forEach.call(mount.querySelectorAll("a.yasr_external_ref_btn:not([hreflang])"), function (a) {
        a.setAttribute("hreflang", "en");
      });
    }
    tidy();
    new MutationObserver(tidy).observe(mount, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ["title", "aria-label", "placeholder"],
    });

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
