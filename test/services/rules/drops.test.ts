import assert from "node:assert/strict";
import type { DropTable } from "../../../src/content/NpcKind.js";
import { dropChances, rollDrops } from "../../../src/services/rules/drops.js";
import { mulberry32 } from "../../../src/services/rules/random.js";

const ids: Record<string, number> = { bones: 1, coins: 2, gem: 3 };
const idOf = (name: string) => ids[name];
const table: DropTable = {
  always: [{ item: "bones", min: 1, max: 1 }],
  roll: [{ item: "coins", min: 5, max: 10, weight: 3 }, { item: "gem", min: 1, max: 1, weight: 1 }],
  nothingWeight: 4,
};

describe("drop tables", () => {
  it("always drops the always entries, then one weighted roll with a nothing weight", () => {
    // Weights 3 + 1 + nothing 4 = 8: [0, 3) coins, [3, 4) gem, [4, 8) nothing.
    assert.deepEqual(rollDrops(table, scripted(0.1, 0.5), idOf), [{ itemId: 1, quantity: 1 }, { itemId: 2, quantity: 8 }]);
    assert.deepEqual(rollDrops(table, scripted(0.4), idOf), [{ itemId: 1, quantity: 1 }, { itemId: 3, quantity: 1 }]);
    assert.deepEqual(rollDrops(table, scripted(0.6), idOf), [{ itemId: 1, quantity: 1 }]);
  });

  it("draws quantities uniformly within min..max", () => {
    const random = mulberry32(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) for (const s of rollDrops(table, random, idOf)) if (s.itemId === 2) seen.add(s.quantity);
    assert.deepEqual([...seen].sort((a, b) => a - b), [5, 6, 7, 8, 9, 10]);
  });

  it("lists chances: 1 for always-drops, weight over the total for the roll", () => {
    assert.deepEqual(dropChances(table).map((d) => d.chance), [1, 3 / 8, 1 / 8]);
  });

  it("refuses a table naming an item the catalogue lacks", () => {
    assert.throws(() => rollDrops({ ...table, always: [{ item: "nope", min: 1, max: 1 }] }, () => 0, idOf), /unknown item "nope"/);
  });
});

function scripted(...values: number[]) {
  let i = 0;
  return () => values[i++] ?? 0;
}
