// Shared helpers for the browser suite: one chromium, pages that record every console error,
// page error, failed request and HTTP error, axe-core runs and screenshots.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

export const BASE_URL = (process.env.BASE_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
export const SCREENSHOT_DIR = process.env.SCREENSHOT_DIR || join(here, "screenshots");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const AXE_SOURCE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

export function url(path) {
  return BASE_URL + path;
}

export async function launch() {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // --no-sandbox: CI runs as root, where chromium's sandbox refuses to start.
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
}

/**
 * A fresh context and page whose problems are recorded: console errors (CSP refusals land here too),
 * uncaught page errors, requests that failed on the network and answers with status >= 400.
 */
export async function openPage(browser, { locale = "nb-NO", javaScriptEnabled = true } = {}) {
  const context = await browser.newContext({
    locale,
    javaScriptEnabled,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") {
      problems.push(`console error: ${message.text()} (${message.location().url || "?"})`);
    }
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("requestfailed", (request) => {
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on("response", (response) => {
    if (response.status() >= 400) {
      problems.push(`HTTP ${response.status()}: ${response.request().method()} ${response.url()}`);
    }
  });
  return { context, page, problems };
}

/** Loads `path` and asserts it is an HTML page for people with the shared layout hooks. */
export async function visit(page, path) {
  const response = await page.goto(url(path), { waitUntil: "load" });
  assert.ok(response, `no response for ${path}`);
  assert.equal(response.status(), 200, `${path} answered ${response.status()}`);
  assert.match(response.headers()["content-type"] || "", /^text\/html/, `${path} is not HTML`);
  await page.waitForLoadState("networkidle");
  return response;
}

export function assertNoProblems(problems, what) {
  assert.deepEqual(problems, [], `${what}: console errors or failed requests`);
}

/** Runs axe-core with the WCAG 2.1 A/AA rules; returns readable violations. */
export async function axeViolations(page) {
  // Injected through the DevTools protocol, which the page's CSP does not govern (an inline
  // <script> would rightly be refused).
  await page.evaluate(AXE_SOURCE);
  const result = await page.evaluate(async (tags) => {
    // eslint-disable-next-line no-undef
    return axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  }, AXE_TAGS);
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")} — ${n.failureSummary?.split("\n").slice(1).join(" ")}`),
  }));
}

/** What a person sees first (the viewport), and the whole page as `{name}-full.png`. */
export async function screenshot(page, name) {
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`) });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-full.png`), fullPage: true });
}

/** Path + query of the thing links in the collection table, in row order. */
export async function rowThingPaths(page) {
  return page.$$eval("table#records tbody tr", (rows) =>
    rows
      .map((row) => row.querySelector('a[href*="/id/"], a[href*="/def/"]'))
      .filter(Boolean)
      .map((a) => new URL(a.href).pathname),
  );
}

/** The JSON URL of the same view that the collection page shows. */
export async function jsonUrlOfView(page) {
  const href = await page.$$eval('a[href*="/api/v1/"]', (links) => {
    const json = links.find((a) => {
      const u = new URL(a.href);
      return u.pathname.startsWith("/api/v1/") && !/format=csv/.test(u.search);
    });
    return json ? json.href : null;
  });
  assert.ok(href, "the collection page shows no JSON URL of its view");
  return href;
}

/** Fetches JSON like a program would (not through the browser). */
export async function fetchJson(href) {
  const response = await fetch(href, { headers: { Accept: "application/json" } });
  assert.equal(response.status, 200, `${href} answered ${response.status}`);
  return response.json();
}

/** The path part of an item's URI (the server's base URL may differ from BASE_URL's host). */
export function uriPath(uri) {
  return new URL(uri).pathname;
}
