import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";

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
