import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { freePort } from "../support/server.js";

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** `npm run loadtest` pointed at a port where no server listens. */
async function runLoadtest(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "loadtest/run.ts", ...args], { cwd: PROJECT_ROOT, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, stderr };
}

describe("npm run loadtest", function () {
  this.timeout(30_000);

  it("says how to point it at a server (--endpoint) when it cannot reach one", async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    const { code, stderr } = await runLoadtest(["--endpoint", endpoint, "--numClients", "1", "--durationS", "1"]);
    assert.equal(code, 1);
    assert.match(stderr, new RegExp(`${endpoint}/health does not answer 200`));
    assert.match(stderr, /npm start/);
    assert.match(stderr, /--endpoint http:\/\/HOST:PORT \(default http:\/\/127\.0\.0\.1:2567\)/);
  });

  it("is documented in the README with its --endpoint option", () => {
    const readme = readFileSync(new URL("README.md", `file://${PROJECT_ROOT}`), "utf8");
    const section = readme.slice(readme.indexOf("## Load tests and benchmarks"), readme.indexOf("\n## ", readme.indexOf("## Load tests and benchmarks") + 1));
    assert.match(section, /npm run loadtest -- --endpoint http:\/\//);
  });
});
