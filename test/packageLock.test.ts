import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

interface Manifest {
  name?: string;
  version?: string;
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(new URL(`../${file}`, import.meta.url), "utf8")) as T;
const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"] as const;

/**
 * `npm install` rewrites package-lock.json whenever its root entry (`packages[""]`) no longer says what
 * package.json says: a fresh clone would not stay clean after installing.
 */
describe("package-lock.json", () => {
  const manifest = readJson<Manifest>("package.json");
  const lock = readJson<{ lockfileVersion: number; packages: Record<string, Manifest & { hasInstallScript?: boolean }> }>("package-lock.json");
  const root = lock.packages[""]!;

  it("records in its root entry exactly the dependency ranges of package.json", () => {
    for (const field of DEPENDENCY_FIELDS) assert.deepEqual(root[field] ?? {}, manifest[field] ?? {}, `${field} of package.json and of package-lock.json packages[""]`);
  });

  it("records the name, version, engines and install script of package.json", () => {
    assert.equal(lock.lockfileVersion, 3);
    assert.deepEqual([root.name, root.version, root.engines], [manifest.name, manifest.version, manifest.engines]);
    const installs = ["preinstall", "install", "postinstall"].some((s) => manifest.scripts?.[s] !== undefined);
    assert.equal(root.hasInstallScript ?? false, installs);
  });

  it("holds an installed entry for every direct dependency", () => {
    const missing = DEPENDENCY_FIELDS.filter((f) => f !== "peerDependencies")
      .flatMap((field) => Object.keys(manifest[field] ?? {}))
      .filter((name) => lock.packages[`node_modules/${name}`] === undefined);
    assert.deepEqual(missing, []);
  });
});
