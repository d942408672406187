import assert from "node:assert/strict";
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { startServerProcess, type ServerProcess } from "../support/processServer.js";
import { TEST_DATABASE_URL, TEST_VALKEY_URL } from "../support/stores.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** Where each step's screenshot goes (gitignored; README "Tests"). */
export const SCREENSHOT_DIR = join(ROOT, "test-artifacts", "screenshots");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Debian's chromium, installed with apt-get when it is missing (the playwright downloads do not work here). */
export function ensureChromium(): void {
  if (existsSync(CHROMIUM)) return;
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (!existsSync(CHROMIUM)) throw new Error(`chromium is not at ${CHROMIUM} after apt-get install`);
}

/** `npm run admin -- <args>` against the stores of a test server whose Valkey keys start with `prefix`. */
export function adminCli(prefix: string, ...args: string[]): string {
  const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: TEST_DATABASE_URL, VALKEY_URL: TEST_VALKEY_URL, VALKEY_KEY_PREFIX: prefix },
    encoding: "utf8",
    timeout: 60_000,
  });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/** `adminCli` in the background: other work goes on while the script connects to the stores (a few seconds). */
export function adminCliAsync(prefix: string, ...args: string[]): Promise<string> {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/admin.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "test", DATABASE_URL: TEST_DATABASE_URL, VALKEY_URL: TEST_VALKEY_URL, VALKEY_KEY_PREFIX: prefix },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr.on("data", (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
  return new Promise((resolve, reject) => {
    child.on("exit", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`npm run admin -- ${args.join(" ")} exited with ${code}: ${err}`));
    });
  });
}

/** Builds the client when its build is missing or stale, as `npm start` does. */
export function ensureClientBuild(): void {
  execFileSync(process.execPath, ["--import", "tsx", "scripts/clientBuild.ts", "--if-stale"], { cwd: ROOT, stdio: "inherit" });
}

/** Headless chromium with WebGL on the CPU (SwiftShader); each launch gets a fresh profile directory. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--use-angle=swiftshader",
      "--enable-unsafe-swiftshader",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

const consoleErrors = new WeakMap<Page, string[]>();

/** The page's console errors so far (for failure messages: failed loads, WebGL trouble). */
export function consoleErrorsOf(page: Page): string[] {
  return consoleErrors.get(page) ?? [];
}

/** A fresh browser context (its own storage: a second player) with a page that reports page errors. */
export async function newPlayerPage(browser: Browser): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const logged: string[] = [];
  consoleErrors.set(page, logged);
  page.on("pageerror", (e) => {
    errors.push(e.message);
    logged.push(`page error: ${e.message}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") logged.push(`${m.type()}: ${m.text()}`);
  });
  return { context, page, errors };
}

let shot = 0;
/** Empties SCREENSHOT_DIR, so that it holds this run's steps only. */
export function clearScreenshots(): void {
  rmSync(SCREENSHOT_DIR, { recursive: true, force: true });
  shot = 0;
}

/** Saves a screenshot of the page as `<NN>-<name>.png` in SCREENSHOT_DIR. */
export async function snap(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  shot++;
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${String(shot).padStart(2, "0")}-${name}.png`) });
}

/** A test file's server process and browser, and the player pages its tests opened. */
export interface BrowserRig {
  readonly server: ServerProcess;
  readonly browser: Browser;
  /** A new player page in a context of its own, closed after the test. */
  newPage(): Promise<{ page: Page; errors: string[] }>;
}

/**
 * Registers the mocha hooks of a browser test file: before all, chromium and a fresh client build,
 * `beforeStart`, a server process with `env` and a browser; after each test, its contexts closed; after
 * all, both stopped.
 */
export function useBrowserRig(env: Record<string, string>, beforeStart: () => void = () => undefined): BrowserRig {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  before(async function () {
    this.timeout(300_000);
    ensureChromium();
    ensureClientBuild();
    beforeStart();
    server = await startServerProcess(env);
    browser = await launchChromium();
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close().catch(() => undefined);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  return {
    get server() {
      if (!server) throw new Error("the server is not started yet");
      return server;
    },
    get browser() {
      if (!browser) throw new Error("the browser is not launched yet");
      return browser;
    },
    async newPage() {
      const { context, page, errors } = await newPlayerPage(this.browser);
      contexts.push(context);
      return { page, errors };
    },
  };
}
