// Pages for people (issue 13), driven in Debian's chromium as a person would use them.
// Run through run.sh (starts nothing itself): BASE_URL=http://127.0.0.1:PORT node --test suite.test.mjs
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  BASE_URL,
  assertNoProblems,
  axeViolations,
  fetchJson,
  jsonUrlOfView,
  launch,
  openPage,
  rowThingPaths,
  screenshot,
  uriPath,
  url,
  visit,
} from "./lib.mjs";

// One page of each type. The thing, code and dataset examples are real records of the shipped data.
const PAGE_TYPES = [
  { name: "landing", path: "/" },
  { name: "search", path: "/search?q=digital" },
  { name: "collection", path: "/data/initiatives" },
  { name: "thing", path: "/id/initiative/I01" },
  { name: "organization", path: "/id/organization/991825827" },
  { name: "code", path: "/def/status/on-track" },
  { name: "dataset", path: "/catalog/datasets/initiatives" },
  { name: "catalog", path: "/catalog" },
  { name: "sparql", path: "/sparql" },
  { name: "charts", path: "/charts" },
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Opens a page, runs `body(page)`, then asserts nothing went wrong on the way and closes it. */
async function withPage(options, body) {
  const { context, page, problems } = await openPage(browser, options);
  try {
    await body(page, problems);
  } finally {
    await context.close();
  }
}

describe("every page type", () => {
  for (const { name, path } of PAGE_TYPES) {
    test(`${name} (${path}) loads with no console error or failed request, and axe finds no WCAG 2.1 A/AA violation`, async () => {
      await withPage({}, async (page, problems) => {
        await visit(page, path);
        if (name === "sparql") {
          // axe must also see the editor, which is loaded after the page.
          await page.waitForSelector("#sparql-editor .CodeMirror", { state: "visible" });
        }
        assert.equal(await page.getAttribute("html", "lang"), "nb", "nb chrome for an nb browser");
        assert.ok(await page.$("main#main"), "has <main id=main>");
        assert.ok(await page.$('a[href="#main"]'), "has a skip link to #main");
        const title = (await page.title()).trim();
        assert.ok(title.length > 0, "has a <title>");
        assert.ok(await page.$("h1"), "has a heading");
        await screenshot(page, name);
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], `axe on ${path}:\n${JSON.stringify(violations, null, 2)}`);
        assertNoProblems(problems, path);
      });
    });
  }
});

describe("every page type in English", () => {
  for (const { name, path } of PAGE_TYPES) {
    test(`${name} (${path}) in English: <html lang=en>, no console error or failed request, no axe violation`, async () => {
      await withPage({ locale: "en-GB" }, async (page, problems) => {
        await visit(page, path);
        if (name === "sparql") {
          await page.waitForSelector("#sparql-editor .CodeMirror", { state: "visible" });
        }
        assert.equal(await page.getAttribute("html", "lang"), "en", "en chrome for an en browser");
        if (name === "landing") await screenshot(page, "landing-en");
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], `axe on ${path} (en):\n${JSON.stringify(violations, null, 2)}`);
        assertNoProblems(problems, `${path} (en)`);
      });
    });
  }
});

describe("reflow (WCAG 1.4.10)", () => {
  for (const { name, path } of PAGE_TYPES) {
    test(`${name} (${path}) fits 320 CSS px without scrolling sideways (tables scroll in their own box)`, async () => {
      await withPage({}, async (page, problems) => {
        await page.setViewportSize({ width: 320, height: 640 });
        await visit(page, path);
        const { scrollWidth, clientWidth, widest } = await page.evaluate(() => {
          const width = document.documentElement.clientWidth;
          const outside = [...document.querySelectorAll("body *")]
            .filter((el) => !el.closest(".table-scroll, .CodeMirror, svg") && el.getBoundingClientRect().right > width + 1)
            .map((el) => `${el.tagName.toLowerCase()} "${(el.textContent || "").trim().slice(0, 50)}"`);
          return { scrollWidth: document.documentElement.scrollWidth, clientWidth: width, widest: outside.slice(0, 5) };
        });
        assert.ok(scrollWidth <= clientWidth + 1, `${path} is ${scrollWidth}px wide at ${clientWidth}px: ${widest.join(", ")}`);
        assertNoProblems(problems, `${path} at 320px`);
      });
    });
  }
});

describe("keyboard", () => {
  test("the first Tab reaches the skip link, and following it moves to main", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/data/initiatives");
      await page.keyboard.press("Tab");
      const focused = await page.evaluate(() => document.activeElement?.getAttribute("href"));
      assert.equal(focused, "#main", "the skip link is the first focusable element");
      const skipVisible = await page.evaluate(() => {
        const rect = document.activeElement.getBoundingClientRect();
        return rect.width > 1 && rect.height > 1;
      });
      assert.ok(skipVisible, "the focused skip link is visible");
      await page.keyboard.press("Enter");
      // Following an in-page link is asynchronous: wait (bounded) for the fragment, then check it.
      await page.waitForFunction(() => location.hash === "#main", null, { timeout: 10000 }).catch(() => {});
      assert.equal(new URL(page.url()).hash, "#main");
      assertNoProblems(problems, "skip link");
    });
  });
});

describe("visible focus", () => {
  for (const path of ["/", "/data/initiatives", "/id/initiative/I01", "/sparql"]) {
    test(`every Tab stop on ${path} shows a focus indicator`, async () => {
      await withPage({}, async (page, problems) => {
        await visit(page, path);
        if (path === "/sparql") await page.waitForSelector("#sparql-editor .CodeMirror", { state: "visible" });
        const unmarked = [];
        for (let i = 0; i < 25; i += 1) {
          await page.keyboard.press("Tab");
          const focus = await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body) return null;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
            const shadow = style.boxShadow && style.boxShadow !== "none";
            // CodeMirror shows its caret in the focused editor instead of an outline.
            const editor = !!el.closest(".CodeMirror-code, .CodeMirror textarea") || (el.tagName === "TEXTAREA" && !!el.closest(".CodeMirror"));
            return { marked: outline || shadow || editor, what: `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${(el.textContent || el.getAttribute("aria-label") || "").trim().slice(0, 40)}"` };
          });
          if (focus && !focus.marked) unmarked.push(focus.what);
        }
        assert.deepEqual(unmarked, [], `focused without a visible indicator on ${path}`);
        assertNoProblems(problems, `focus on ${path}`);
      });
    });
  }
});

describe("collection page", () => {
  test("the table shows exactly the records of the view's JSON URL", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/data/initiatives");
      const rows = await rowThingPaths(page);
      assert.ok(rows.length > 0, "the table has rows linking to their things");
      const json = await fetchJson(await jsonUrlOfView(page));
      assert.deepEqual(rows, json.items.map((item) => uriPath(item.uri)));
      assertNoProblems(problems, "collection");
    });
  });

  test("choosing a value in a filter and submitting filters the table", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/data/initiatives");
      const before = await rowThingPaths(page);
      // The filters sit in a collapsed panel after the table (issue 21): open it as a reader would.
      await page.click("#filters-panel > summary");
      // The first select of the filter form that offers a value (a code list with labels).
      const select = await page.$$eval("form#filters select", (selects) => {
        const s = selects.find((el) => [...el.options].some((o) => o.value));
        if (!s) return null;
        const option = [...s.options].find((o) => o.value);
        return { name: s.name, value: option.value, label: option.textContent.trim() };
      });
      assert.ok(select, "the filter form has a select with values");
      assert.ok(select.label.length > 0 && select.label !== select.value, `option ${select.value} shows a label`);
      await page.selectOption(`form#filters select[name="${select.name}"]`, select.value);
      await Promise.all([
        page.waitForURL((u) => u.searchParams.getAll(select.name).includes(select.value)),
        page.click('form#filters [type="submit"]'),
      ]);
      await page.waitForLoadState("networkidle");
      const after = await rowThingPaths(page);
      const json = await fetchJson(await jsonUrlOfView(page));
      assert.ok(new URL(await jsonUrlOfView(page)).searchParams.getAll(select.name).includes(select.value), "the JSON URL carries the filter");
      assert.deepEqual(after, json.items.map((item) => uriPath(item.uri)));
      assert.ok(after.length < before.length, `filtering on ${select.name}=${select.value} narrows the table`);
      await screenshot(page, "collection-filtered");
      assertNoProblems(problems, "filter");
    });
  });

  test("clicking a facet value filters on it, and its count is the number of rows", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/data/initiatives");
      // A facet value is a link; its count is in the link or right beside it.
      const facet = await page.$$eval("section#facets li", (items) =>
        items
          .map((li) => {
            const link = li.querySelector("a[href]");
            const count = (li.textContent.match(/(\d+)\s*\)?\s*$/) || [])[1];
            return link && count && !link.hasAttribute("aria-current") ? { href: link.href, text: li.textContent.trim(), count: Number(count) } : null;
          })
          .find(Boolean),
      );
      assert.ok(facet, "facet values with counts are shown as links");
      const count = facet.count;
      const target = new URL(facet.href);
      await Promise.all([
        page.waitForURL((u) => u.search === target.search),
        page.locator("section#facets a").nth(await page.$$eval("section#facets a", (links, href) => links.findIndex((a) => a.href === href), facet.href)).click(),
      ]);
      await page.waitForLoadState("networkidle");
      const json = await fetchJson(await jsonUrlOfView(page));
      assert.equal(json.total, count, `the facet "${facet.text}" counted ${count}`);
      const rows = await rowThingPaths(page);
      assert.deepEqual(rows, json.items.map((item) => uriPath(item.uri)));
      assertNoProblems(problems, "facet");
    });
  });

  test("clicking a column header sorts by it, and clicking again reverses the order", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/data/initiatives");
      // The first sortable column other than the id, by its position (its text changes once sorted).
      const column = await page.$$eval("table#records thead th", (ths) =>
        ths.findIndex((th) => {
          const a = th.querySelector("a[href]");
          if (!a) return false;
          const sort = new URL(a.href).searchParams.get("sort");
          return sort && sort.replace(/^-/, "") !== "id";
        }),
      );
      assert.ok(column >= 0, "column headers are sort links");
      const headerLink = page.locator("table#records thead th").nth(column).locator("a");
      const sortField = new URL(await headerLink.evaluate((a) => a.href)).searchParams.get("sort").replace(/^-/, "");
      await Promise.all([
        page.waitForURL((u) => (u.searchParams.get("sort") || "").replace(/^-/, "") === sortField),
        headerLink.click(),
      ]);
      await page.waitForLoadState("networkidle");
      const first = await rowThingPaths(page);
      const firstSort = new URL(page.url()).searchParams.get("sort");
      assert.equal(await page.locator("table#records thead th").nth(column).getAttribute("aria-sort"), firstSort.startsWith("-") ? "descending" : "ascending", "the sorted column says so to assistive technology");
      assert.deepEqual(first, (await fetchJson(await jsonUrlOfView(page))).items.map((i) => uriPath(i.uri)));
      await Promise.all([
        page.waitForURL((u) => (u.searchParams.get("sort") || "") !== firstSort),
        page.locator("table#records thead th").nth(column).locator("a").click(),
      ]);
      await page.waitForLoadState("networkidle");
      const second = await rowThingPaths(page);
      const secondSort = new URL(page.url()).searchParams.get("sort");
      assert.equal(secondSort.replace(/^-/, ""), sortField);
      assert.notEqual(secondSort, firstSort, "the second click flips the direction");
      assert.deepEqual(second, (await fetchJson(await jsonUrlOfView(page))).items.map((i) => uriPath(i.uri)));
      assert.notDeepEqual(second, first, `sorting by ${sortField} both ways gives different orders`);
      await screenshot(page, "collection-sorted");
      assertNoProblems(problems, "sort");
    });
  });

  test("the next-page link pages through the records without repeats", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/data/initiatives?limit=10");
      const seen = await rowThingPaths(page);
      assert.equal(seen.length, 10);
      // The whole set in the API's order; the pages, one after another, must be exactly that.
      const all = (await fetchJson(url("/api/v1/initiatives?limit=1000"))).items.map((i) => uriPath(i.uri));
      assert.ok(all.length > 10, "more records than one page");
      let pages = 1;
      while (await page.$("a[rel=next]")) {
        const current = page.url();
        await Promise.all([page.waitForURL((u) => u.href !== current), page.click("a[rel=next]")]);
        await page.waitForLoadState("networkidle");
        const rows = await rowThingPaths(page);
        assert.ok(rows.length > 0 && rows.length <= 10, "a next page has up to `limit` rows");
        seen.push(...rows);
        pages += 1;
        assert.ok(pages <= 20, "paging ends");
      }
      assert.equal(pages, Math.ceil(all.length / 10), "one page per 10 records");
      assert.deepEqual(seen, all, "every record once, in order");
      assertNoProblems(problems, "paging");
    });
  });

  test("the search box finds records by their text", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/data/initiatives");
      await page.click("#filters-panel > summary");
      await page.fill('input[name="q"]', "deling");
      await Promise.all([page.waitForURL((u) => u.searchParams.get("q") === "deling"), page.press('input[name="q"]', "Enter")]);
      await page.waitForLoadState("networkidle");
      const rows = await rowThingPaths(page);
      const json = await fetchJson(url("/api/v1/initiatives?q=deling&limit=1000"));
      assert.ok(json.total > 0, "the API finds 'deling' in initiatives");
      assert.deepEqual([...rows].sort(), json.items.map((i) => uriPath(i.uri)).sort());
      assertNoProblems(problems, "collection search");
    });
  });
});

describe("landing page", () => {
  test("the search box searches all collections", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/");
      await page.fill('input[name="q"]', "økosystem");
      await Promise.all([page.waitForURL((u) => u.pathname === "/search"), page.press('input[name="q"]', "Enter")]);
      await page.waitForLoadState("networkidle");
      const hits = await page.$$eval('main a[href*="/id/"]', (links) => links.map((a) => new URL(a.href).pathname));
      const expected = (await fetchJson(url("/api/v1/focus-areas?q=%C3%B8kosystem"))).items.map((i) => uriPath(i.uri));
      assert.ok(expected.length > 0);
      for (const path of expected) {
        assert.ok(hits.includes(path), `search results include ${path}`);
      }
      await screenshot(page, "search-results");
      assertNoProblems(problems, "site search");
    });
  });

  test("the language switch turns the chrome English and back", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/");
      assert.equal(await page.getAttribute("html", "lang"), "nb");
      const nbHeading = await page.textContent("h1");
      await Promise.all([page.waitForURL((u) => u.searchParams.get("lang") === "en"), page.click('a[href*="lang=en"]')]);
      await page.waitForLoadState("networkidle");
      assert.equal(await page.getAttribute("html", "lang"), "en");
      const enNav = await page.textContent("body");
      assert.notEqual(await page.textContent("h1"), nbHeading, "the heading is translated");
      assert.ok(enNav.length > 0);
      await screenshot(page, "landing-en");
      await Promise.all([page.waitForURL((u) => u.searchParams.get("lang") === "nb"), page.click('a[href*="lang=nb"]')]);
      assert.equal(await page.getAttribute("html", "lang"), "nb");
      assertNoProblems(problems, "language switch");
    });
  });

  test("an English browser gets English pages without asking", async () => {
    await withPage({ locale: "en-GB" }, async (page, problems) => {
      await visit(page, "/data/initiatives");
      assert.equal(await page.getAttribute("html", "lang"), "en");
      assertNoProblems(problems, "Accept-Language en");
    });
  });
});

describe("SPARQL editor", () => {
  test("YASGUI runs an example query against /sparql and shows a results table", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/sparql");
      await page.waitForSelector("#sparql-editor .CodeMirror", { state: "visible" });
      const example = await page.$('main a[href*="/sparql?query="]');
      const sparqlRequest = page.waitForRequest((r) => new URL(r.url()).pathname === "/sparql" && r.method() === "POST");
      if (example) {
        await example.click();
      } else {
        await page.click("#sparql-editor .yasqe_queryButton");
      }
      const request = await sparqlRequest;
      assert.equal(new URL(request.url()).origin, new URL(BASE_URL).origin, "the editor queries this site");
      await page.waitForSelector("#sparql-editor .yasr table tbody tr", { state: "visible" });
      const rows = await page.$$eval("#sparql-editor .yasr table tbody tr", (trs) => trs.length);
      assert.ok(rows > 0, "the results table has rows");
      await screenshot(page, "sparql-editor");
      // The editor is no keyboard trap: Tab leaves the query text.
      await page.click("#sparql-editor .CodeMirror-code");
      assert.equal(await page.evaluate(() => document.activeElement.tagName), "TEXTAREA");
      await page.keyboard.press("Tab");
      assert.notEqual(await page.evaluate(() => document.activeElement.tagName), "TEXTAREA", "Tab moves focus out of the editor");
      assertNoProblems(problems, "SPARQL editor");
    });
  });

  test("without JavaScript the plain form runs the query and the server renders the table", async () => {
    await withPage({ javaScriptEnabled: false }, async (page, problems) => {
      await visit(page, "/sparql");
      const query = "SELECT ?s ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label } LIMIT 5";
      await page.fill("form#sparql-form textarea[name=query]", query);
      await Promise.all([page.waitForNavigation(), page.click('form#sparql-form [type="submit"]')]);
      const rows = await page.$$eval("table#sparql-results tbody tr", (trs) => trs.length);
      assert.equal(rows, 5);
      assertNoProblems(problems, "SPARQL form without script");
    });
  });
});

describe("thing and chart pages", () => {
  test("a thing page is titled by its label and links related things by label, not IRI", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/id/initiative/I01");
      const record = await fetchJson(url("/api/v1/initiatives/I01"));
      assert.equal((await page.textContent("h1")).trim(), record.name.nb);
      const rawIriLinks = await page.$$eval("main a", (links) =>
        links.filter((a) => /^https?:\/\//.test(a.textContent.trim()) && a.textContent.includes("#")).map((a) => a.textContent.trim()),
      );
      assert.deepEqual(rawIriLinks, [], "no link text is a raw vocabulary IRI");
      const alternates = await page.$$eval('head link[rel="alternate"]', (links) => links.map((l) => l.type));
      for (const type of ["text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples"]) {
        assert.ok(alternates.includes(type), `<link rel=alternate type=${type}>`);
      }
      assertNoProblems(problems, "thing page");
    });
  });

  test("charts are SVG with a title and description and a data table beside them", async () => {
    await withPage({}, async (page, problems) => {
      await visit(page, "/charts");
      const charts = await page.$$eval("main svg", (svgs) =>
        svgs.map((svg) => ({ title: svg.querySelector("title")?.textContent.trim(), desc: svg.querySelector("desc")?.textContent.trim() })),
      );
      assert.ok(charts.length >= 5, `five charts or more (found ${charts.length})`);
      assert.ok(await page.$("#chart-goal-ratings svg"), "the goal ratings by edition chart");
      for (const chart of charts) {
        assert.ok(chart.title, "chart has a <title>");
        assert.ok(chart.desc, "chart has a <desc>");
      }
      assert.ok((await page.$$("main table")).length >= charts.length, "each chart has a data table");
      assertNoProblems(problems, "charts");
    });
  });

  test("chart text stays legible (12px or more) and inside its chart at 320 CSS px", async () => {
    await withPage({}, async (page, problems) => {
      await page.setViewportSize({ width: 320, height: 640 });
      await visit(page, "/charts");
      const texts = await page.$$eval("main svg text", (els) =>
        els.map((el) => {
          const svg = el.ownerSVGElement.getBoundingClientRect();
          const box = el.getBoundingClientRect();
          const size = parseFloat(getComputedStyle(el).fontSize) * el.getScreenCTM().a;
          return { text: el.textContent.trim(), size, overflow: box.right - svg.right };
        }),
      );
      assert.ok(texts.length > 20, `chart texts found (${texts.length})`);
      const small = texts.filter((t) => t.size < 12).map((t) => `${t.text} (${t.size.toFixed(1)}px)`);
      assert.deepEqual(small.slice(0, 5), [], "no chart text below 12px");
      const clipped = texts.filter((t) => t.overflow > 1).map((t) => `${t.text} (+${t.overflow.toFixed(0)}px)`);
      assert.deepEqual(clipped.slice(0, 5), [], "no chart text runs past its chart");
      assertNoProblems(problems, "charts at 320px");
    });
  });

  test("links to things without a label of their own still read as names, not IRIs", async () => {
    await withPage({}, async (page, problems) => {
      for (const path of ["/id/organization/dfo", "/id/goal-assessment/goal-1-rdt-2023"]) {
        await visit(page, path);
        const raw = await page.$$eval("main a", (links) => links.map((a) => a.textContent.trim()).filter((t) => /^https?:\/\//.test(t)));
        assert.deepEqual(raw, [], `${path}: no link text is a bare IRI`);
      }
      assertNoProblems(problems, "thing pages");
    });
  });
});
