import assert from "node:assert/strict";
import { TileMotion } from "../../client/src/logic/interpolation.js";

describe("TileMotion", () => {
  const options = { stepMs: 150, snapTiles: 3, maxGlideTiles: 2 };

  it("glides one tile over one step, never jumping", () => {
    const m = new TileMotion({ x: 5, y: 5 }, options);
    m.moveTo(6, 5, 1000);
    assert.deepEqual(m.at(1000), { x: 5, y: 5 });
    assert.deepEqual(m.at(1075), { x: 5.5, y: 5 });
    assert.equal(m.isMoving(1075), true);
    assert.deepEqual(m.at(1150), { x: 6, y: 5 });
    assert.equal(m.isMoving(1200), false);
  });

  it("continues from where it is drawn when the next tile comes mid-glide", () => {
    const m = new TileMotion({ x: 5, y: 5 }, options);
    m.moveTo(5, 6, 0);
    m.moveTo(5, 7, 75);
    assert.deepEqual(m.at(75), { x: 5, y: 5.5 });
    const later = m.at(150);
    assert.ok(later.y > 5.5 && later.y < 7, `y ${later.y} between the drawn point and the target`);
    assert.deepEqual(m.at(75 + 300), { x: 5, y: 7 });
  });

  it("snaps to a far tile (teleport, respawn) instead of gliding across the map", () => {
    const m = new TileMotion({ x: 5, y: 5 }, options);
    m.moveTo(40, 12, 0);
    assert.deepEqual(m.at(0), { x: 40, y: 12 });
    assert.equal(m.isMoving(0), false);
  });

  it("reports the way of the last step for the facing", () => {
    const m = new TileMotion({ x: 5, y: 5 }, options);
    assert.equal(m.stepFacing, null);
    m.moveTo(4, 5, 0);
    assert.equal(m.stepFacing, "left");
    m.moveTo(4, 6, 200);
    assert.equal(m.stepFacing, "down");
  });

  it("does nothing when told the tile it already goes to", () => {
    const m = new TileMotion({ x: 5, y: 5 }, options);
    m.moveTo(6, 5, 0);
    m.moveTo(6, 5, 100);
    assert.deepEqual(m.at(150), { x: 6, y: 5 });
  });
});
