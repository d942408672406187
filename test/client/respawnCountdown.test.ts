import assert from "node:assert/strict";
import { respawnSecondsLeft, respawnWords } from "../../client/src/logic/respawnCountdown.js";

describe("respawnCountdown", () => {
  it("counts the server's respawn delay down from when the death was seen, to a tenth of a second", () => {
    assert.equal(respawnSecondsLeft(1_000, 1_000, 5_000), 5);
    assert.equal(respawnSecondsLeft(1_000, 2_250, 5_000), 3.8);
    assert.equal(respawnSecondsLeft(1_000, 5_999, 5_000), 0.1);
    assert.equal(respawnSecondsLeft(1_000, 6_000, 5_000), 0);
    assert.equal(respawnSecondsLeft(1_000, 9_000, 5_000), 0, "never below 0");
  });

  it("says the countdown in words, then that the respawn is coming", () => {
    assert.equal(respawnWords(3.8), "Respawning in 3.8 s");
    assert.equal(respawnWords(5), "Respawning in 5.0 s");
    assert.equal(respawnWords(0), "Respawning...");
  });
});
