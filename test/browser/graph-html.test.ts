/**
 * The HTML graph in a real headless browser (Debian's Chromium, installed by scripts/toolchain.sh for ./run-tests):
 * the page for examples/ renders one element per graph node, a click shows the node's details, zoom changes the
 * transform, and nothing logs a console error or throws.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGraph } from "../../src/core/graph/index.js";
import { runCli } from "../helpers/cli.js";

const CHROMIUM = "/usr/bin/chromium";
const dir = mkdtempSync(join(tmpdir(), "kgov-graph-browser-"));
const htmlFile = join(dir, "graph.html");

let browser: BrowserContext;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  const run = await runCli(["graph", "-f", "examples", "--format", "html", "--out", htmlFile]);
  expect(run.exitCode, run.stderr).toBe(0);
  // A fresh profile per run (playwright passes it as --user-data-dir).
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "kgov-chromium-")), {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1400, height: 900 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  page.on("console", (m) => void (m.type() === "error" && problems.push(`console: ${m.text()}`)));
  page.on("pageerror", (e) => void problems.push(`page error: ${e.message}`));
  // No request may leave the file: anything but the page itself fails the test.
  page.on("request", (r) => void (r.url() !== pathToFileURL(htmlFile).href && problems.push(`request: ${r.url()}`)));
  await page.goto(pathToFileURL(htmlFile).href);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

describe("kgov graph --format html in Chromium", () => {
  it("renders one node element per graph node", async () => {
    const { createFilesAdapter } = await import("../../src/adapters/fs/files.js");
    const { prepareDesired } = await import("../../src/app/plan.js");
    const prepared = await prepareDesired({ paths: ["examples"], variables: {} }, createFilesAdapter(process.cwd()));
    if (!prepared.state) throw new Error("examples/ has errors");
    const graph = buildGraph({ desired: prepared.state, subjects: prepared.subjects ?? [] });
    await expect(page.locator("svg .node").count()).resolves.toBe(graph.nodes.length);
    expect(graph.nodes.length).toBeGreaterThan(10);
    const box = await page.locator("svg .node").first().boundingBox();
    expect(box?.width).toBeGreaterThan(0);
  });

  it("shows a topic's config and schema in the side panel on click", async () => {
    await page.locator("svg .node.topic", { hasText: "shop.orders.order-state.v1" }).click();
    const panel = page.locator("#panel");
    await expect(panel.locator("h2").textContent()).resolves.toBe("shop.orders.order-state.v1");
    const text = (await panel.textContent()) ?? "";
    expect(text).toContain("cleanup.policy = compact");
    expect(text).toContain("shop.orders.order-state.v1-value");
    expect(text).toContain("examples/schemas/order-state.avsc");
  });

  it("shows a service's ACL bindings and groups on click", async () => {
    await page.locator("svg .node.service", { hasText: "payment-service" }).click();
    const text = (await page.locator("#panel").textContent()) ?? "";
    expect(text).toContain("shop.payment-service.dlt-replay");
    expect(text).toContain('allow User:svc-payment READ on topic "shop.orders.order-validated.v1"');
  });

  it("zooms with the buttons and the wheel, and pans by dragging", async () => {
    const transform = () => page.locator("#viewport").getAttribute("transform");
    const before = await transform();
    await page.locator("#zoom-in").click();
    const zoomed = await transform();
    expect(zoomed).not.toBe(before);
    expect(zoomed).toMatch(/scale\(1\.25\)/);
    await page.mouse.move(700, 880);
    await page.mouse.wheel(0, 200);
    expect(await transform()).not.toBe(zoomed);
    const wheeled = await transform();
    await page.mouse.down();
    await page.mouse.move(600, 800, { steps: 4 });
    await page.mouse.up();
    expect(await transform()).not.toBe(wheeled);
  });

  it("logs no console error, throws no page error and loads nothing else", () => {
    expect(problems).toEqual([]);
    expect(readFileSync(htmlFile, "utf8")).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
  });
});
