import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import { GAME_RULES_DOC, renderItemTable, withItemTable } from "../../scripts/itemCatalogueTable.js";

describe("scripts/itemCatalogueTable (docs/GAME_RULES.md item table)", function () {
  it("renders one row per catalogue item, with requirements, two-handedness, non-zero bonuses, speeds and healing", function () {
    const lines = renderItemTable().split("\n");
    assert.equal(lines.length, ITEM_CATALOGUE.length + 2);
    assert.ok(lines.includes("| 1 | `coins` | currency | common | - | 2,147,483,647 | - | 1 | - | - | - |"));
    const greataxe = lines.find((l) => l.includes("`steel_greataxe`"));
    assert.match(greataxe ?? "", /\| weapon \(2H\) \| 1 \| attack 20 \|.*\| att \+17, str \+27 \| speed 6 ticks \|$/);
    const copperBody = lines.find((l) => l.includes("`copper_body`"));
    assert.match(copperBody ?? "", /def \+5, mag -2 \| - \|$/);
    assert.match(lines.find((l) => l.includes("`cooked_lobster`")) ?? "", /\| heals 12 \|$/);
  });

  it("is in step with the catalogue in docs/GAME_RULES.md (run scripts/itemCatalogueTable.ts --write)", function () {
    const doc = readFileSync(GAME_RULES_DOC, "utf8");
    assert.equal(withItemTable(doc), doc);
  });

  it("refuses a page without the markers", function () {
    assert.throws(() => withItemTable("# no table here\n"), /markers are missing/);
  });
});
