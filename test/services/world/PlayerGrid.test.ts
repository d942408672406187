import assert from "node:assert/strict";
import { loadConfig } from "../../../src/config/config.js";
import { loadMaps } from "../../../src/content/loadMaps.js";
import { PlayerGrid } from "../../../src/services/world/PlayerGrid.js";
import { mulberry32 } from "../../../src/services/rules/random.js";

/**
 * Players step, jump and leave at random over a `width` x `height` field; every query of the grid must
 * return each player within the radius exactly once (a superset of brute force, without repeats), and
 * only players of the cells around the square (none farther than the radius plus one cell).
 */
function checkAgainstBruteForce(width: number, height: number, players: number, maxRadius: number, steps: number, seed: number): void {
  const random = mulberry32(seed);
  const grid = new PlayerGrid();
  const at = new Map<number, { x: number; y: number }>();
  const anywhere = () => ({ x: Math.floor(random() * width), y: Math.floor(random() * height) });
  for (let id = 1; id <= players; id++) {
    const p = anywhere();
    at.set(id, p);
    grid.put(id, p.x, p.y);
  }
  for (let s = 0; s < steps; s++) {
    const id = 1 + Math.floor(random() * players);
    const roll = random();
    if (roll < 0.02) {
      grid.remove(id);
      at.delete(id);
    } else {
      const from = at.get(id) ?? anywhere();
      const next = roll < 0.95 ? { x: Math.min(width - 1, Math.max(0, from.x + Math.floor(random() * 3) - 1)), y: Math.min(height - 1, Math.max(0, from.y + Math.floor(random() * 3) - 1)) } : anywhere();
      at.set(id, next);
      grid.put(id, next.x, next.y);
    }
    if (s % 50 !== 0) continue;
    const centre = anywhere();
    const radius = Math.floor(random() * (maxRadius + 1));
    const found = [...grid.near(centre.x, centre.y, radius)];
    assert.equal(new Set(found).size, found.length, `step ${s}: a player listed twice`);
    const distance = (p: { x: number; y: number }) => Math.max(Math.abs(p.x - centre.x), Math.abs(p.y - centre.y));
    for (const [pid, p] of at) if (distance(p) <= radius) assert.ok(found.includes(pid), `step ${s}: player ${pid} missed at radius ${radius}`);
    for (const pid of found) {
      const p = at.get(pid);
      assert.ok(p, `step ${s}: player ${pid} left the grid but is listed`);
      assert.ok(distance(p) <= radius + 8, `step ${s}: player ${pid} listed from ${distance(p)} tiles away`);
    }
  }
}

describe("PlayerGrid: players near a tile", () => {
  it("finds every player within the radius after random steps, jumps and leaves", () => {
    checkAgainstBruteForce(40, 40, 60, 6, 20_000, 3);
  });

  it("does so at the mainland's size, up to its area of interest", () => {
    const mainland = loadMaps().get("mainland")!;
    checkAgainstBruteForce(mainland.width, mainland.height, 1_000, loadConfig({ NODE_ENV: "test" }).rules.areaOfInterestTiles, 50_000, 11);
  });
});
