import assert from "node:assert/strict";
import { MessageBudget, type StallClock } from "../../src/rooms/MessageBudget.js";

/** A clock the test moves by hand, with the stalls it declares. */
function fakeClock(): StallClock & { advance(ms: number): void; stall(ms: number): void } {
  let nowMs = 1_000;
  let stalledMs = 0;
  return {
    now: () => nowMs,
    stalledMsUntil: () => stalledMs,
    advance: (ms) => (nowMs += ms),
    stall: (ms) => {
      nowMs += ms;
      stalledMs += ms;
    },
  };
}

function takeMany(budget: MessageBudget, count: number): number {
  let admitted = 0;
  for (let i = 0; i < count; i++) if (budget.take()) admitted++;
  return admitted;
}

describe("MessageBudget", () => {
  it("admits 30 messages at once and refuses the 31st", () => {
    const budget = new MessageBudget(30, fakeClock());
    assert.equal(takeMany(budget, 30), 30);
    assert.equal(budget.take(), false);
  });

  it("admits a steady 25 messages a second for a minute", () => {
    const clock = fakeClock();
    const budget = new MessageBudget(30, clock);
    for (let i = 0; i < 25 * 60; i++) {
      clock.advance(40);
      assert.equal(budget.take(), true, `message ${i}`);
    }
  });

  it("refuses a steady 40 messages a second once the burst allowance is spent", () => {
    const clock = fakeClock();
    const budget = new MessageBudget(30, clock);
    let refused = false;
    for (let i = 0; i < 40 * 5 && !refused; i++) {
      clock.advance(25);
      refused = !budget.take();
    }
    assert.equal(refused, true);
  });

  it("admits the backlog of 10 messages a second that waited behind a 5 s stall of the server", () => {
    const clock = fakeClock();
    const budget = new MessageBudget(30, clock);
    clock.advance(100);
    assert.equal(budget.take(), true);
    clock.stall(5_000);
    assert.equal(takeMany(budget, 50), 50, "all read at once after the stall");
  });

  it("refuses more after a stall than the stall could have held", () => {
    const clock = fakeClock();
    const budget = new MessageBudget(30, clock);
    clock.stall(1_000);
    assert.equal(takeMany(budget, 100), 60, "30 for the burst and 30 for the second of stall");
  });

  it("lets the allowance a stall lent lapse a second after it", () => {
    const clock = fakeClock();
    const budget = new MessageBudget(30, clock);
    clock.stall(10_000);
    assert.equal(budget.take(), true);
    clock.advance(2_000);
    assert.equal(takeMany(budget, 100), 30);
  });
});
