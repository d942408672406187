import assert from "node:assert/strict";
import { resourceLookOf } from "../../client/src/logic/resourceLook.js";
import { RESOURCE_KINDS } from "../../src/content/resourceKinds.js";

describe("client: resource looks", () => {
  it("draws every resource kind by its category, each gathered kind in a colour of its own", () => {
    const shapes = { tree: "tree", rock: "rock", fishing_spot: "fishing", fire: "fire", range: "range" } as const;
    for (const kind of RESOURCE_KINDS) assert.equal(resourceLookOf(kind.kind).shape, shapes[kind.category], kind.kind);
    const gathered = RESOURCE_KINDS.filter((k) => k.item !== null).map((k) => resourceLookOf(k.kind).color);
    assert.equal(new Set(gathered).size, gathered.length);
  });
});
