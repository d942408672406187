import assert from "node:assert/strict";
import { freeLane, SPLAT_LANES, SPLAT_LIFE_MS, SPLAT_RISE_PX, splatOf, splatPose, type SplatPose } from "../../client/src/logic/hitSplatLayout.js";

describe("hitSplatLayout (floating hit numbers)", () => {
  const pose = (): SplatPose => ({ dx: 0, dy: 0, alpha: 0, scale: 0 });

  it("pops in, rises and fades over its life, then is over", () => {
    const out = pose();
    assert.equal(splatPose(0, 0, out), true);
    assert.ok(out.scale > 1, "bigger as it appears");
    assert.equal(out.alpha, 1);
    assert.equal(out.dy, 0);
    assert.equal(splatPose(SPLAT_LIFE_MS / 2, 0, out), true);
    assert.equal(out.scale, 1);
    assert.equal(out.alpha, 1, "fully visible half-way");
    assert.equal(out.dy, -SPLAT_RISE_PX / 2);
    assert.equal(splatPose(SPLAT_LIFE_MS * 0.9, 0, out), true);
    assert.ok(out.alpha > 0 && out.alpha < 0.5, `fading near the end (${out.alpha})`);
    assert.equal(splatPose(SPLAT_LIFE_MS, 0, out), false);
    assert.equal(splatPose(-1, 0, out), false);
  });

  it("rises steadily: a later pose is never lower, and never more opaque", () => {
    const a = pose();
    const b = pose();
    for (let t = 0; t + 16 < SPLAT_LIFE_MS; t += 16) {
      splatPose(t, 1, a);
      splatPose(t + 16, 1, b);
      assert.ok(b.dy <= a.dy && b.alpha <= a.alpha, `at ${t} ms`);
    }
  });

  it("gives numbers alive on one target at once lanes apart, so they never cover each other", () => {
    const positions = new Set<string>();
    const out = pose();
    for (let lane = 0; lane < SPLAT_LANES; lane++) {
      splatPose(200, lane, out);
      positions.add(`${out.dx},${out.dy}`);
    }
    assert.equal(positions.size, SPLAT_LANES);
    assert.equal(freeLane(0), 0);
    assert.equal(freeLane(0b0001), 1);
    assert.equal(freeLane(0b0101), 1);
    assert.equal(freeLane(0b0111), 3);
    assert.equal(freeLane((1 << SPLAT_LANES) - 1), -1, "every lane taken");
  });

  it("shows damage 0 as a miss with its 0, damage as a hit, and healing with a plus", () => {
    assert.deepEqual(splatOf(0), { kind: "miss", text: "0" });
    assert.deepEqual(splatOf(7), { kind: "hit", text: "7" });
    assert.deepEqual(splatOf(2, true), { kind: "heal", text: "+2" });
  });
});
