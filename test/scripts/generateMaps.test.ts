import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultMapsDir } from "../../src/content/loadMaps.js";
import { renderMaps } from "../../scripts/maps/renderMaps.js";

describe("generated maps (npm run maps:generate)", () => {
  const rendered = renderMaps();

  it("are checked in exactly as the script draws them, and no other map is", () => {
    const shipped = readdirSync(defaultMapsDir()).filter((f) => f.endsWith(".tmj")).sort();
    assert.deepEqual(shipped, [...rendered.keys()].map((id) => `${id}.tmj`).sort());
    for (const [id, text] of rendered) {
      assert.ok(text === readFileSync(join(defaultMapsDir(), `${id}.tmj`), "utf8"), `maps/${id}.tmj is stale: run npm run maps:generate`);
    }
  });

  it("draws the same bytes every time", () => {
    for (const [id, text] of renderMaps()) assert.equal(text, rendered.get(id), id);
  });
});
