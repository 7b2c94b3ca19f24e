/**
 * The console in a real browser: Debian's Chromium, driven by puppeteer-core (no browser
 * download). In strict mode, on the state scenario.ts makes with the Azure SDKs: the request log
 * is open when a refused call is made, the refusal appears in it without a reload, and its link
 * opens the access page pre-filled with the principal, action and scope, explaining the denial.
 * Every page loads with no script error and no resource refused by its CSP, and a screenshot of
 * each is written to test-artefacts/console/ (gitignored). Without Chromium the suite says
 * "skipped: <reason>"; .ci/run installs it the way it installs PostgreSQL.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestAzmi, type TestAzmi } from "../support/azmi.js";
import { makeConsoleScenario, type ConsoleScenario } from "./scenario.js";

const CHROMIUM = process.env["AZMI_CHROMIUM"] ?? "/usr/bin/chromium";
const ARTEFACTS = join(fileURLToPath(new URL("../../../..", import.meta.url)), "test-artefacts", "console");
const skipReason = existsSync(CHROMIUM) ? undefined : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set AZMI_CHROMIUM)`;
if (skipReason !== undefined) console.log(`skipped: ${skipReason}`);

let azmi: TestAzmi;
let scenario: ConsoleScenario;
let browser: Browser;
/** http://127.0.0.1:port: the listener serves plain HTTP on its one port, so the browser needs no CA. */
let base: string;
const problems: string[] = [];

async function open(path: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setViewport({ width: 1400, height: 900 });
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`${path}: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`${path}: ${String(error)}`));
  page.on("requestfailed", (request) => problems.push(`${path}: ${request.url()} failed`));
  const answer = await page.goto(base + path, { waitUntil: "load" });
  expect(answer?.status(), path).toBeLessThan(400);
  return page;
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTEFACTS, `${name}.png`), fullPage: true });
}

describe.skipIf(skipReason !== undefined)("console in Chromium", () => {
  beforeAll(async () => {
    mkdirSync(ARTEFACTS, { recursive: true });
    azmi = await startTestAzmi({ config: { authMode: "strict" } });
    base = `http://127.0.0.1:${azmi.port}`;
    scenario = await makeConsoleScenario(azmi);
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      // Root in a container has no user namespace for Chromium's sandbox; /dev/shm may be tiny.
      args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await azmi?.stop();
  });

  it("shows a refused call live in the request log, and its link explains the refusal on the access page", async () => {
    const log = await open("/_azmi/console/requests");
    expect(await log.$$('tr[data-status="403"]')).toHaveLength(0);
    const refused = await scenario.refusedWrite();
    expect(refused.status).toBe(403);
    // No reload: the page's script polls and puts the new row on top.
    const row = await log.waitForSelector('tr[data-status="403"]', { timeout: 10_000 });
    const rowText = await row!.evaluate((tr) => tr.textContent ?? "");
    expect(rowText).toContain("AuthorizationFailed");
    expect(rowText).toContain("az 2.61.0");
    expect(rowText).toContain(scenario.uami.principalId);
    await screenshot(log, "requests-live");

    await Promise.all([log.waitForNavigation(), row!.$eval("a[data-explain]", (a) => (a as HTMLAnchorElement).click())]);
    expect(await log.$eval("#principal", (i) => (i as HTMLInputElement).value)).toBe(scenario.uami.principalId);
    expect(await log.$eval("#action", (i) => (i as HTMLInputElement).value)).toBe("Microsoft.Resources/subscriptions/resourceGroups/write");
    expect(await log.$eval("#scope", (i) => (i as HTMLInputElement).value)).toBe(scenario.groupId);
    expect(await log.$eval("[data-verdict]", (v) => v.getAttribute("data-verdict"))).toBe("denied");
    expect(await log.$eval('[data-granted="false"]', (li) => li.textContent ?? "")).toContain("Reader");
    await screenshot(log, "access-from-refusal");
    await log.close();
  });

  it("every page renders in Chromium with no script error or blocked load, and is captured", async () => {
    const seq = Number(await (await open("/_azmi/console/requests?status=403")).$eval("tr[data-seq]", (tr) => tr.getAttribute("data-seq")));
    const token = await scenario.identityToken();
    const pages: Array<[string, string]> = [
      ["overview", "/_azmi/console"],
      ["resources", "/_azmi/console/resources"],
      ["identities", "/_azmi/console/identities"],
      ["identity", `/_azmi/console/identities/${scenario.uami.principalId}`],
      ["roles", "/_azmi/console/roles?q=reader"],
      ["role", "/_azmi/console/roles/acdd72a7-3385-48ef-bd42-f606fba81ae7"],
      ["directory", "/_azmi/console/directory"],
      ["request", `/_azmi/console/requests/${seq}`],
      ["token", `/_azmi/console/token?${new URLSearchParams({ token })}`],
    ];
    for (const [name, path] of pages) {
      const page = await open(path);
      expect(await page.$eval("h1", (h) => h.textContent ?? ""), path).not.toBe("Not found");
      await screenshot(page, name);
      await page.close();
    }
    // The access page's action list is filled by the script from /_azmi/operations.
    const access = await open("/_azmi/console/access");
    await access.waitForFunction(() => (document.getElementById("known-actions")?.childElementCount ?? 0) > 100, { timeout: 10_000 });
    await access.close();
    expect(problems).toEqual([]);
    for (const [name] of pages) expect(existsSync(join(ARTEFACTS, `${name}.png`)), name).toBe(true);
  });
});
