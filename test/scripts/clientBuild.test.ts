import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { staleness, writeStamp } from "../../scripts/clientBuild.js";

describe("clientBuild --if-stale (what npm start and npm install check)", () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "client-build-"));
    for (const f of ["package-lock.json", "client/index.html", "client/vite.config.ts", "scripts/clientBuild.ts", "client/public/art/a.png", "src/protocol/names.ts", "client/src/main.ts"]) write(f, f);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function build(): void {
    write("client/dist/index.html", "<!doctype html>");
    writeStamp(["client/src/main.ts", "src/protocol/names.ts"], root);
  }

  it("builds when there is no build, or no stamp", () => {
    assert.equal(staleness(root), "no build yet");
    write("client/dist/index.html", "<!doctype html>");
    assert.equal(staleness(root), "the build has no stamp");
  });

  it("does not build again while nothing that went into the bundle changed", () => {
    build();
    assert.equal(staleness(root), null);
    write("src/services/unrelated.ts", "server code the client does not bundle");
    assert.equal(staleness(root), null);
  });

  it("builds again when a bundled source, a shared server module, the public art or the lockfile changed", () => {
    for (const changed of ["client/src/main.ts", "src/protocol/names.ts", "client/public/art/a.png", "package-lock.json", "client/index.html"]) {
      build();
      write(changed, "changed");
      assert.equal(staleness(root), "its sources changed", changed);
    }
    build();
    write("client/public/art/new.png", "new art");
    assert.equal(staleness(root), "its sources changed", "a new public file");
    build();
    unlinkSync(join(root, "src/protocol/names.ts"));
    assert.equal(staleness(root), "its sources changed", "a bundled file removed");
  });
});
