/**
 * `npm run client:build`: builds the browser client into client/dist (Vite), gzips its text files for the
 * server to send compressed, and writes a stamp: the hash of every project file that went into the bundle.
 * `--if-stale` (run by `npm start` and `npm install`) builds only when the stamp is missing or no longer
 * matches those files, which costs a few milliseconds when nothing changed.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
/** Inputs of every build besides the bundled modules: the dependency versions, the page and its config. */
const FIXED_INPUTS = ["package-lock.json", "client/index.html", "client/vite.config.ts", "scripts/clientBuild.ts"];
const COMPRESS = /\.(js|css|html|json|svg)$/;

interface Stamp {
  hash: string;
  inputs: string[];
}

function filesUnder(root: string, dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => relative(root, f))
    .sort();
}

/** The hash of the inputs' names and contents, the public folder included; a missing input counts too. */
function hashOf(root: string, inputs: readonly string[]): string {
  const hash = createHash("sha256");
  for (const file of [...FIXED_INPUTS, ...inputs, ...filesUnder(root, join(root, "client", "public"))]) {
    hash.update(`${file}\0`);
    const path = join(root, file);
    hash.update(existsSync(path) ? readFileSync(path) : "missing");
    hash.update("\0");
  }
  return hash.digest("hex");
}

const distOf = (root: string) => join(root, "client", "dist");
const stampFileOf = (root: string) => join(distOf(root), ".build-stamp.json");

function readStamp(root: string): Stamp | null {
  try {
    const stamp = JSON.parse(readFileSync(stampFileOf(root), "utf8")) as Stamp;
    return typeof stamp.hash === "string" && Array.isArray(stamp.inputs) ? stamp : null;
  } catch {
    return null;
  }
}

/** Why the build of the project at `root` must be made again, or null when it is up to date. */
export function staleness(root = ROOT): string | null {
  if (!existsSync(join(distOf(root), "index.html"))) return "no build yet";
  const stamp = readStamp(root);
  if (!stamp) return "the build has no stamp";
  return hashOf(root, stamp.inputs) === stamp.hash ? null : "its sources changed";
}

/** Stamps the build of the project at `root` as made from `inputs` (project-relative paths) as they are now. */
export function writeStamp(inputs: string[], root = ROOT): void {
  writeFileSync(stampFileOf(root), `${JSON.stringify({ hash: hashOf(root, inputs), inputs } satisfies Stamp)}\n`);
}

/** Builds the client, gzips its text files and stamps the build. */
export async function buildClient(): Promise<void> {
  const { build } = await import("vite");
  await build({ configFile: join(ROOT, "client", "vite.config.ts"), logLevel: "warn" });
  const distDir = distOf(ROOT);
  const inputs = JSON.parse(readFileSync(join(distDir, ".build-inputs.json"), "utf8")) as string[];
  let raw = 0;
  let compressed = 0;
  for (const file of filesUnder(ROOT, distDir)) {
    const bytes = readFileSync(join(ROOT, file));
    raw += bytes.length;
    if (!COMPRESS.test(file) || basename(file).startsWith(".") || bytes.length < 1024) {
      compressed += bytes.length;
      continue;
    }
    const gz = gzipSync(bytes, { level: 9 });
    compressed += gz.length;
    writeFileSync(join(ROOT, `${file}.gz`), gz);
  }
  writeStamp(inputs);
  process.stdout.write(`client built in client/dist: ${(raw / 1024).toFixed(0)} KB, ${(compressed / 1024).toFixed(0)} KB as served compressed\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const ifStale = process.argv.includes("--if-stale");
  const reason = staleness();
  if (ifStale && reason === null) process.exit(0);
  if (ifStale) process.stdout.write(`building the browser client (${reason})...\n`);
  await buildClient();
}
