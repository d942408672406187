import assert from "node:assert/strict";
import { LoopBeats, SustainedLag } from "../../src/rooms/EventLoopWatch.js";

/** The watch's bookkeeping stepped by hand: `beat` is what its 20 ms timer calls when the loop lets it run. */
describe("EventLoopWatch", () => {
  describe("LoopBeats: how long a message read now may have waited", () => {
    it("is about the beat's own period on an idle loop", () => {
      const beats = new LoopBeats(0);
      for (let t = 20; t <= 2_000; t += 20) beats.beat(t);
      assert.equal(beats.readDelayMs(2_005), 25);
      assert.equal(beats.stalledMsUntil(2_005), 0);
    });

    it("covers a busy loop's turns that are too short to be stalls", () => {
      const beats = new LoopBeats(0);
      // Turns of 60 ms (a patch broadcast to a crowd, a backlog of messages): 40 ms late, under the stall threshold.
      for (let t = 60; t <= 1_200; t += 60) beats.beat(t);
      assert.equal(beats.stalledMsUntil(1_230), 0, "no stall");
      assert.equal(beats.readDelayMs(1_200), 60, "read as a turn begins: it came during the last one");
      assert.equal(beats.readDelayMs(1_230), 90, "read 30 ms into a turn: it may have come as the last one began");
    });

    it("covers the stall going on, and the one just over, until the loop has turned freely again", () => {
      const beats = new LoopBeats(0);
      for (let t = 20; t <= 1_000; t += 20) beats.beat(t);
      assert.equal(beats.readDelayMs(1_500), 520, "a message read as the loop resumes, before its beat");
      beats.beat(1_500);
      assert.equal(beats.stalledMsUntil(1_500), 480);
      assert.equal(beats.readDelayMs(1_505), 505, "read in the turn after the stall");
      beats.beat(1_520);
      assert.equal(beats.readDelayMs(1_525), 25, "the next turn's messages came after the stall was read");
    });
  });

  describe("SustainedLag: what admission looks at", () => {
    it("stays low through one pause, however long", () => {
      const lag = new SustainedLag();
      for (const windowMs of [12, 15, 900, 11, 14, 13]) lag.push(windowMs);
      assert.ok(lag.ms() < 20, `${lag.ms()} ms`);
    });

    it("stays low through a pause that straddles two windows", () => {
      const lag = new SustainedLag();
      for (const windowMs of [12, 15, 11, 400, 400]) lag.push(windowMs);
      assert.equal(lag.ms(), 15);
    });

    it("rises once most recent windows lag, and falls once most do not", () => {
      const lag = new SustainedLag();
      for (const windowMs of [12, 15, 11, 14, 13]) lag.push(windowMs);
      lag.push(250);
      lag.push(300);
      assert.ok(lag.ms() < 20, "two windows are not sustained");
      lag.push(280);
      assert.equal(lag.ms(), 250);
      lag.push(320);
      lag.push(310);
      assert.equal(lag.ms(), 300);
      lag.push(15);
      lag.push(12);
      assert.equal(lag.ms(), 280, "still lagging in three of five");
      lag.push(14);
      assert.equal(lag.ms(), 15);
    });

    it("counts windows not measured yet as no lag", () => {
      const lag = new SustainedLag();
      lag.push(500);
      lag.push(500);
      assert.equal(lag.ms(), 0);
      lag.push(500);
      assert.equal(lag.ms(), 500);
    });
  });
});
