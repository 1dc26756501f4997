// Issue 21: the site as a new reader uses it — the data first, in the reader's language, with the
// public-service basics. Run through run.sh against a running server (BASE_URL).
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, assertNoProblems, axeViolations, fetchJson, jsonUrlOfView, launch, openPage, screenshot, url, visit } from "./lib.mjs";

const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const LANGS = [
  { lang: "nb", locale: "nb-NO" },
  { lang: "en", locale: "en-GB" },
];

// One page of each type (real records of the shipped data), the error page and the docs.
const PAGE_TYPES = [
  { name: "landing", path: "/" },
  { name: "search", path: "/search?q=digital" },
  { name: "collection", path: "/data/initiatives" },
  { name: "collection-filtered", path: "/data/initiatives?status=delayed" },
  { name: "thing", path: "/id/initiative/I01" },
  { name: "organization", path: "/id/organization/991825827" },
  { name: "code", path: "/def/status/on-track" },
  { name: "dataset", path: "/catalog/datasets/initiatives" },
  { name: "catalog", path: "/catalog" },
  { name: "sparql", path: "/sparql" },
  { name: "charts", path: "/charts" },
  { name: "accessibility", path: "/accessibility" },
  { name: "docs", path: "/docs/" },
  { name: "note", path: "/id/data-quality-note/DQ22" },
  { name: "survey", path: "/id/survey/2018" },
  { name: "data-index", path: "/data" },
  { name: "error", path: "/data/no-such-collection", status: 404 },
];

let browser;
let collections = [];
before(async () => {
  browser = await launch();
  collections = (await fetchJson(url("/api/v1"))).collections.map((c) => c.name);
});
after(async () => {
  await browser?.close();
});

async function withPage(options, body) {
  const { context, page, problems } = await openPage(browser, options);
  try {
    if (options.viewport) await page.setViewportSize(options.viewport);
    await body(page, problems);
  } finally {
    await context.close();
  }
}

/** Opens `path` in `lang` (the page's own link, as the language switch makes it). */
async function open(page, path, lang, status = 200) {
  const sep = path.includes("?") ? "&" : "?";
  const response = await page.goto(url(`${path}${sep}lang=${lang}`), { waitUntil: "load" });
  assert.equal(response.status(), status, `${path} answered ${response.status()}`);
  await page.waitForLoadState("networkidle");
  return response;
}

describe("collection pages put the data first", () => {
  for (const { lang, locale } of LANGS) {
    for (const [label, viewport, screens] of [
      ["desktop 1280 px", DESKTOP, 1],
      ["phone 390 px", PHONE, 1.5],
    ]) {
      test(`${lang}, ${label}: the first data row starts within ${screens} screen height(s) on every collection page`, async () => {
        await withPage({ locale, viewport }, async (page, problems) => {
          const late = [];
          for (const c of collections) {
            await open(page, `/data/${c}`, lang);
            const top = await page.evaluate(() => {
              const row = document.querySelector("table#records tbody tr");
              return row ? row.getBoundingClientRect().top + window.scrollY : null;
            });
            if (top === null) continue; // an empty collection (no rows to reach)
            if (top > viewport.height * screens) late.push(`${c}: ${Math.round(top)} px`);
          }
          if (viewport === PHONE && lang === "nb") {
            await open(page, "/data/initiatives", lang);
            await screenshot(page, "collection-phone");
          }
          assert.deepEqual(late, [], `first row below ${screens} × ${viewport.height} px`);
          // Moving on to the next page cancels what the last one still loads (its icon): no fault.
          assertNoProblems(problems.filter((p) => !p.includes("ERR_ABORTED")), `collection pages (${lang}, ${label})`);
        });
      });
    }
  }

  for (const { lang, locale } of LANGS) {
    test(`${lang}: at most 10 Tab presses from the top of every collection page to its first data cell`, async () => {
      await withPage({ locale, viewport: DESKTOP }, async (page, problems) => {
        const far = [];
        for (const c of collections) {
          await open(page, `/data/${c}`, lang);
          if (!(await page.$("table#records tbody tr"))) continue;
          let presses = 0;
          let reached = false;
          while (presses < 10 && !reached) {
            await page.keyboard.press("Tab");
            presses += 1;
            const where = await page.evaluate(() => {
              const el = document.activeElement;
              return {
                inRows: !!el?.closest("table#records tbody"),
                skipToResults: el?.getAttribute("href") === "#results",
              };
            });
            reached = where.inRows;
            // A skip link is followed with Enter, as a keyboard user does.
            if (where.skipToResults) {
              await page.keyboard.press("Enter");
              await page.waitForFunction(() => document.activeElement?.id === "results", null, { timeout: 5000 }).catch(() => {});
            }
          }
          if (!reached) far.push(c);
        }
        assert.deepEqual(far, [], "collection pages whose first data cell takes more than 10 Tab presses");
        assertNoProblems(problems.filter((p) => !p.includes("ERR_ABORTED")), `Tab to data (${lang})`);
      });
    });
  }

  test("a filtered page's chart counts add up to the table's total, on every collection page with a chart", async () => {
    await withPage({ viewport: DESKTOP }, async (page, problems) => {
      let checked = 0;
      for (const c of collections) {
        await open(page, `/data/${c}`, "nb");
        if (!(await page.$("figure.chart"))) continue;
        // Filter by the first facet value that narrows the table.
        const facet = await page.$$eval("section#facets a:not([aria-current])", (links) => links.map((a) => a.href)[0] || null);
        const target = facet ? new URL(facet).pathname + new URL(facet).search : `/data/${c}`;
        await page.goto(facet || url(`/data/${c}`), { waitUntil: "load" });
        await page.waitForLoadState("networkidle");
        const total = (await fetchJson(await jsonUrlOfView(page))).total;
        const sums = await page.$$eval("figure.chart table.chart-data", (tables) =>
          tables.map((t) => [...t.querySelectorAll("tbody td.num")].reduce((s, td) => s + Number(td.textContent.replace(/\s/g, "")), 0)),
        );
        assert.ok(sums.length > 0, `${target}: a chart`);
        for (const sum of sums) assert.equal(sum, total, `${target}: chart counts ${sum}, table total ${total}`);
        checked += 1;
      }
      assert.ok(checked >= 3, `collection pages with a chart (found ${checked})`);
      assertNoProblems(problems.filter((p) => !p.includes("ERR_ABORTED")), "chart follows the filter");
    });
  });

  test("paging shows the row range and leads back", async () => {
    await withPage({ viewport: DESKTOP }, async (page, problems) => {
      await open(page, "/data/initiatives?limit=10", "nb");
      await Promise.all([page.waitForURL((u) => u.searchParams.has("cursor")), page.click("a[rel=next]")]);
      await page.waitForLoadState("networkidle");
      const total = (await fetchJson(await jsonUrlOfView(page))).total;
      assert.match(await page.textContent("#summary"), new RegExp(`11–20 av ${total}`));
      await Promise.all([page.waitForURL((u) => u.searchParams.has("cursor")), page.click("a[rel=next]")]);
      await page.waitForLoadState("networkidle");
      assert.match(await page.textContent("#summary"), new RegExp(`21–30 av ${total}`));
      await Promise.all([page.waitForURL((u) => u.searchParams.get("page") === "2"), page.click("a[rel=prev]")]);
      await page.waitForLoadState("networkidle");
      assert.match(await page.textContent("#summary"), new RegExp(`11–20 av ${total}`));
      assertNoProblems(problems, "paging back");
    });
  });
});

// Function words that only one of the two languages uses (words both share, like "for", stay out).
const WORDS = {
  en: ["the", "and", "of", "with", "from", "this", "that", "which", "are", "was", "were", "has", "have", "not", "is", "by", "or"],
  nb: ["og", "ikke", "av", "med", "som", "det", "på", "er", "til", "fra", "eller", "skal", "har", "ble", "også", "den"],
};

/** Words of `words` in text outside elements marked with another language (code and IRIs aside). */
async function foreignWords(page, words) {
  return page.evaluate((words) => {
    const pageLang = document.documentElement.lang;
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const set = new Set(words);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const el = node.parentElement;
      // The query text and the results' cells are the data, not the page's words.
      if (!el || el.closest("script, style, code, pre, textarea, .CodeMirror-scroll, .CodeMirror-measure, .yasr table, [hidden]")) continue;
      const marked = el.closest("[lang]");
      if (marked && marked.getAttribute("lang") !== pageLang) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.visibility === "hidden") continue;
      // Addresses and paths are not words; quoted titles are names (WCAG 3.1.2's exception for
      // proper names), so a Norwegian title quoted in English text is no English passage.
      const text = node.textContent
        .replace(/\S*(:\/\/|@|\/|www\.|_|\.\w)\S*/g, " ")
        // A name in parentheses after its description ("… area (Styrket samarbeid med privat sektor)").
        .replace(/\((\p{Lu}[^()]*)\)/gu, " ")
        .replace(/Vestfold og Telemark/g, " ")
        .replace(/«[^»]*»|“[^”]*”|"[^"]*"|(^|\s)'[^']*'/g, " ");
      for (const w of text.toLowerCase().split(/[^\p{L}]+/u)) {
        if (set.has(w)) found.push(`"${w}" in "${node.textContent.trim().slice(0, 70)}"`);
      }
    }
    return found;
  }, words);
}

/** Waits for the SPARQL editor, runs its query and waits for the results table. */
async function runInEditor(page) {
  await page.waitForSelector("#sparql-editor .CodeMirror", { state: "visible" });
  await page.click("#sparql-editor .yasqe_queryButton");
  await page.waitForSelector("#sparql-editor .yasr table tbody tr", { state: "visible" });
}

/** What the SPARQL editor itself says (visible text, titles, accessible names, placeholders),
 *  the query and the results' cells and column names aside. */
async function editorWords(page) {
  return page.evaluate(() => {
    const mount = document.getElementById("sparql-editor");
    const skip = ".CodeMirror-scroll, .CodeMirror-measure, .yasr table";
    const shown = (el) => getComputedStyle(el).visibility !== "hidden" && el.getClientRects().length > 0;
    const said = [];
    for (const el of mount.querySelectorAll("*")) {
      if (el.closest(skip) || !shown(el)) continue;
      for (const name of ["title", "aria-label", "placeholder"]) if (el.getAttribute(name)) said.push(el.getAttribute(name));
      for (const n of el.childNodes) if (n.nodeType === 3 && n.textContent.trim()) said.push(n.textContent.trim());
    }
    for (const el of mount.querySelectorAll(".yasr table [aria-label]")) if (shown(el)) said.push(el.getAttribute("aria-label"));
    return said;
  });
}

// YASGUI's own English words, and the Norwegian ones that replace them on Bokmål pages.
const EDITOR_WORDS = {
  en: ["query", "run", "share", "table", "response", "result", "results", "seconds", "simple", "view", "ellipse", "page", "size",
    "download", "documentation", "showing", "entries", "first", "next", "previous", "activate", "sort", "all", "show", "pagination", "filter"],
  nb: ["spørringen", "kjør", "del", "tabell", "svar", "rader", "sekunder", "visning", "side", "ned", "resultatene", "viser", "av", "sorter", "alle", "vis", "første", "forrige", "neste", "siste"],
};

describe("the reader's language everywhere", () => {
  for (const { lang, locale } of LANGS) {
    const other = lang === "nb" ? "en" : "nb";
    test(`${lang}: the SPARQL editor's own buttons, names and result lines are in the page's language`, async () => {
      await withPage({ locale, viewport: DESKTOP }, async (page, problems) => {
        await open(page, "/sparql", lang);
        await runInEditor(page);
        const check = async (what) => {
          const said = await editorWords(page);
          assert.ok(said.length > 10, `${what}: the editor says something (${said.length})`);
          const foreign = new Set(EDITOR_WORDS[other]);
          const found = said.filter((s) => s.toLowerCase().split(/[^\p{L}]+/u).some((w) => foreign.has(w)));
          assert.deepEqual(found, [], `${what} (${lang}): ${other} words in the editor`);
        };
        await check("table view");
        await page.click("#sparql-editor .select_response");
        await check("response view");
        await page.click("#sparql-editor .select_table");
        assertNoProblems(problems, `SPARQL editor (${lang})`);
      });
    });
  }


  for (const { lang, locale } of LANGS) {
    const other = lang === "nb" ? "en" : "nb";
    for (const { name, path, status } of PAGE_TYPES) {
      test(`${name} (${path}) in ${lang}: no ${other} function words outside lang="${other}"; axe 0; the footer links the accessibility statement`, async () => {
        await withPage({ locale, viewport: DESKTOP }, async (page, problems) => {
          await open(page, path, lang, status || 200);
          // The editor with a result drawn: its buttons, result lines and table controls are text too.
          if (name === "sparql") await runInEditor(page);
          assert.equal(await page.getAttribute("html", "lang"), lang);
          const words = await foreignWords(page, WORDS[other]);
          assert.deepEqual(words.slice(0, 12), [], `${path} (${lang}): ${words.length} ${other} words`);
          assert.ok(await page.$('footer a[href^="/accessibility"]'), "the footer links the accessibility statement");
          const description = await page.getAttribute('meta[name="description"]', "content");
          assert.ok(description && description.length > 20, "a meta description");
          if (!status) {
            assert.ok(await page.$('link[rel="canonical"]'), "canonical");
            assert.ok(await page.$('link[rel="alternate"][hreflang="nb"]') && (await page.$('link[rel="alternate"][hreflang="en"]')), "hreflang");
            assert.ok(await page.$('meta[property="og:title"]'), "Open Graph");
          }
          const violations = await axeViolations(page);
          assert.deepEqual(violations, [], `axe on ${path} (${lang}):\n${JSON.stringify(violations, null, 2)}`);
          // The error page itself answers 404 on purpose.
          assertNoProblems(status ? problems.filter((p) => !p.includes(`${status}`)) : problems, `${path} (${lang})`);
        });
      });
    }
  }

  test("every page's meta description is its own (not the same on every page)", async () => {
    const seen = new Map();
    for (const { path, status } of PAGE_TYPES) {
      if (status) continue;
      const html = await (await fetch(url(path), { headers: { Accept: "text/html", "Accept-Language": "nb" } })).text();
      const d = (html.match(/<meta name="description" content="([^"]*)"/) || [])[1];
      assert.ok(d, `${path}: a description`);
      seen.set(d, [...(seen.get(d) || []), path]);
    }
    const shared = [...seen.entries()].filter(([, paths]) => paths.length > 2);
    assert.deepEqual(shared, [], "descriptions shared by more than two page types");
  });
});

describe("public-service basics", () => {
  test("robots.txt names the sitemap, and every URL of sitemap.xml answers 200", async () => {
    const robots = await fetch(url("/robots.txt"));
    assert.equal(robots.status, 200);
    assert.match(await robots.text(), /^Sitemap: \S+\/sitemap\.xml$/m);
    const sitemap = await fetch(url("/sitemap.xml"));
    assert.equal(sitemap.status, 200);
    assert.match(sitemap.headers.get("content-type"), /xml/);
    const locs = [...(await sitemap.text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1].replace(/&amp;/g, "&"));
    assert.ok(locs.length > 100, `the sitemap lists every page (${locs.length})`);
    for (const c of collections) assert.ok(locs.some((l) => new URL(l).pathname === `/data/${c}`), `/data/${c} in the sitemap`);
    const failed = [];
    for (let i = 0; i < locs.length; i += 16) {
      const batch = locs.slice(i, i + 16).map(async (loc) => {
        const path = new URL(loc).pathname + new URL(loc).search;
        const r = await fetch(url(path), { headers: { Accept: "text/html" } });
        if (r.status !== 200) failed.push(`${path}: ${r.status}`);
      });
      await Promise.all(batch);
    }
    assert.deepEqual(failed, [], "sitemap URLs that do not answer 200");
  });

  test("the dataset page links to its data", async () => {
    await withPage({ viewport: DESKTOP }, async (page, problems) => {
      await open(page, "/catalog/datasets/initiatives", "nb");
      const link = await page.$('main a[href^="/data/initiatives"]');
      assert.ok(link, "a link to /data/initiatives");
      assert.match((await link.textContent()).trim(), /Se dataene/);
      await Promise.all([page.waitForURL((u) => u.pathname === "/data/initiatives"), link.click()]);
      assert.ok(await page.$("table#records tbody tr"), "the data's table");
      await screenshot(page, "dataset-to-data");
      assertNoProblems(problems, "dataset → data");
    });
  });

  test("after running a query, the /sparql URL holds it and opens the same query", async () => {
    await withPage({ viewport: DESKTOP }, async (page, problems) => {
      await open(page, "/sparql", "nb");
      await page.waitForSelector("#sparql-editor .CodeMirror", { state: "visible" });
      const query = "SELECT ?s WHERE { ?s a <http://www.w3.org/2004/02/skos/core#Concept> } LIMIT 3";
      await page.evaluate((q) => document.querySelector("#sparql-editor .CodeMirror").CodeMirror.setValue(q), query);
      await page.click("#sparql-editor .yasqe_queryButton");
      await page.waitForSelector("#sparql-editor .yasr table tbody tr", { state: "visible" });
      await page.waitForFunction((q) => new URL(location.href).searchParams.get("query") === q, query, { timeout: 10000 });
      const shared = page.url();
      // The download links follow the edited query.
      const downloads = await page.$$eval("#sparql-downloads a", (links) => links.map((a) => new URL(a.href).searchParams.get("query")));
      assert.ok(downloads.length > 0 && downloads.every((q) => q === query), "downloads of the current query");
      const second = await browser.newPage();
      try {
        await second.goto(shared, { waitUntil: "load" });
        await second.waitForSelector("#sparql-editor .CodeMirror", { state: "visible" });
        const text = await second.evaluate(() => document.querySelector("#sparql-editor .CodeMirror").CodeMirror.getValue());
        assert.equal(text.trim(), query);
      } finally {
        await second.close();
      }
      assertNoProblems(problems, "shareable SPARQL URL");
    });
  });

  test("Swagger UI at /docs/swagger/: axe finds no violation in its first view (the operations listed)", async () => {
    await withPage({ viewport: DESKTOP }, async (page, problems) => {
      await visit(page, "/docs/swagger/");
      await page.waitForSelector("#swagger-ui .opblock", { state: "visible", timeout: 20000 });
      // Our stylesheet replaced Swagger UI's page stylesheet (contrast), and no URL box is left.
      assert.equal(await page.$("#download-url-input"), null, "no unlabelled URL box");
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `axe on /docs/swagger/:\n${JSON.stringify(violations, null, 2)}`);
      assertNoProblems(problems, "/docs/swagger/");
    });
  });

  test(`/docs/ is inside the site's layout and axe finds no violation`, async () => {
    for (const { lang, locale } of LANGS) {
      await withPage({ locale, viewport: DESKTOP }, async (page, problems) => {
        await visit(page, `/docs/?lang=${lang}`);
        assert.equal(await page.getAttribute("html", "lang"), lang);
        assert.ok(await page.$("header.site-header") && (await page.$("footer.site-footer")), "the site's header and footer");
        const violations = await axeViolations(page);
        assert.deepEqual(violations, [], `axe on /docs/ (${lang}):\n${JSON.stringify(violations, null, 2)}`);
        if (lang === "nb") await screenshot(page, "docs");
        assertNoProblems(problems, `/docs/ (${lang})`);
      });
    }
  });
});

export { BASE_URL };
