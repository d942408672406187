import assert from "node:assert/strict";
import { loadMaps } from "../../src/content/loadMaps.js";
import { createLogger } from "../../src/logger.js";
import type { CommandResult } from "../../src/protocol/index.js";
import { CommandQueue } from "../../src/rooms/CommandQueue.js";
import { LoopBeats } from "../../src/rooms/EventLoopWatch.js";
import { TradeBook } from "../../src/services/trade/TradeBook.js";
import { CommandRouter } from "../../src/rooms/CommandRouter.js";
import { ChatService } from "../../src/services/ChatService.js";
import { Cooldowns } from "../../src/services/Cooldowns.js";
import { ModerationService } from "../../src/services/ModerationService.js";
import { MovementService } from "../../src/services/MovementService.js";
import { createMapWorld } from "../../src/services/world/createMapWorld.js";
import { WorldService } from "../../src/services/WorldService.js";
import { createOnlinePlayer, serviceTestRules, servicesFor, testClock, type TestClock } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

/**
 * One client's commands through the room's queue and the real router, cooldowns and services (real
 * Valkey), on a clock the test moves: a slow command is simulated by a task that waits on a gate.
 */
describe("CommandQueue with the CommandRouter: cooldowns judged by arrival", () => {
  const rules = serviceTestRules();
  const world = new WorldService(loadMaps(), "town");
  const spawn = world.get("town")!.spawn;
  let stores: TestStores;
  let clock: TestClock;
  let router: CommandRouter;
  let queue: CommandQueue;
  let playerId: number;
  let username: string;
  /** What the queue is told of how long a message may have waited unread (EventLoopWatch.readDelayMs in the room). */
  let readDelayCreditMs: number;

  beforeEach(async () => {
    stores = await openTestStores();
    clock = testClock();
    const gsm = stores.newGsm({ now: clock.now });
    const services = servicesFor(gsm, rules);
    const log = createLogger("silent");
    // The room's world, without the room's clock (nothing here swings).
    const mapWorld = createMapWorld(world.get("town"), services.npcKinds, services.items, rules);
    router = new CommandRouter({
      ...services,
      gsm,
      movement: new MovementService({ gsm, world, rules }),
      cooldowns: new Cooldowns(rules, clock.now),
      tradeBook: new TradeBook({ store: services.trades, rules, now: clock.now }),
      chat: new ChatService({ gsm, rules }),
      moderation: new ModerationService({ gsm, log, kick: () => Promise.resolve() }),
      world: {
        attack: (id, target) => mapWorld.attack(id, target),
        stopAttack: (id) => mapWorld.stopAttack(id),
        ate: (id) => mapWorld.delaySwing(id, rules.eatSwingDelayTicks),
        spawn: (_id, kind, x, y) => mapWorld.spawn(kind, { x: x ?? spawn.x, y: y ?? spawn.y }),
        shopkeeper: (id, npcId) => mapWorld.shopkeeper(id, npcId),
        gather: (id, resourceId) => mapWorld.gather(id, resourceId),
        cook: (id, slot, resourceId) => mapWorld.cook(id, slot, resourceId),
        interrupt: (id) => void mapWorld.stopActivity(id),
      },
      isDead: () => false,
      log,
    });
    readDelayCreditMs = 0;
    queue = new CommandQueue(clock.now, () => readDelayCreditMs);
    ({ id: playerId, username } = await createOnlinePlayer(gsm, { mapId: "town", ...spawn }));
  });
  afterEach(async () => stores.close());

  /** Queues a command now (its arrival) and resolves with its result once it has run. */
  function send(type: string, payload: Record<string, unknown>): Promise<CommandResult> {
    let result!: CommandResult;
    return queue
      .push(async (arrivedMs, creditMs) => void ({ result } = await router.handle({ playerId, username, role: "player" }, type, payload, arrivedMs, creditMs)))
      .then(() => result);
  }

  /** A command of another kind that holds the queue until `release` is called. */
  function stall(): { release: () => void; done: Promise<void> } {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    return { release, done: queue.push(() => gate) };
  }

  it("accepts a command that arrived a full cooldown after the last accepted one, however long both waited", async () => {
    const slow = stall();
    clock.advance(10);
    const first = send("move", { dir: "right" });
    clock.advance(rules.moveCooldownMs);
    const second = send("move", { dir: "right" });
    clock.advance(40);
    const third = send("move", { dir: "right" });
    // Both moves are handled only now, long after they arrived, one right after the other.
    clock.advance(5 * rules.moveCooldownMs);
    slow.release();
    await slow.done;
    const results = await Promise.all([first, second, third]);
    assert.deepEqual(results.map((r) => (r.ok ? "ok" : r.code)), ["ok", "ok", "RATE_LIMITED"]);
    assert.equal((results[2] as { retryAfterMs?: number }).retryAfterMs, rules.moveCooldownMs - 40, "measured between arrivals");
    assert.deepEqual(await stores.newGsm().getPlayerPosition(playerId), { mapId: "town", x: spawn.x + 2, y: spawn.y });
  });

  it("accepts the moves a client spaced out while the event loop was stalled, all read at its end, as many as the stall's length allows", async () => {
    const cooldownMs = rules.moveCooldownMs;
    const burst = () => Promise.all(["right", "left", "right", "left", "right"].map((dir) => send("move", { dir })));
    const codes = (results: CommandResult[]) => results.map((r) => (r.ok ? "ok" : r.code));
    // Without a stall, five moves read at one moment are five moves sent at once: one is on time.
    clock.advance(10 * cooldownMs);
    assert.deepEqual(codes(await burst()), ["ok", "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED"]);
    // Read at the end of a stall of 3.5 cooldowns, they may have been sent a cooldown apart during it: four fit.
    clock.advance(10 * cooldownMs);
    readDelayCreditMs = 3.5 * cooldownMs;
    assert.deepEqual(codes(await burst()), ["ok", "ok", "ok", "ok", "RATE_LIMITED"]);
    // The credit was spent by the moves it let through: the next move is judged by its own arrival again.
    readDelayCreditMs = 0;
    clock.advance(cooldownMs / 2);
    assert.deepEqual(codes([await send("move", { dir: "left" })]), ["ok"]);
  });

  it("accepts a move sent a cooldown after one that waited through a busy turn of the loop, though it is read sooner after it", async () => {
    const cooldownMs = rules.moveCooldownMs;
    const turnMs = 70;
    // The room's queue, told by the loop's beats how long a message may have waited (EventLoopWatch.readDelayMs).
    clock.advance(10 * cooldownMs);
    const beats = new LoopBeats(clock.now());
    queue = new CommandQueue(clock.now, () => beats.readDelayMs(clock.now()));
    const busyTurn = () => {
      clock.advance(turnMs);
      beats.beat(clock.now());
    };
    // The loop is busy with turns of 70 ms (a patch to a crowd: not a stall): the client's first move, sent
    // as a turn began, is read at its end; its second, sent `cooldownMs + 30` ms later, is read at once.
    busyTurn();
    assert.equal((await send("move", { dir: "right" })).ok, true);
    clock.advance(cooldownMs + 30 - turnMs);
    beats.beat(clock.now());
    const second = await send("move", { dir: "left" });
    assert.deepEqual(second.ok ? "ok" : second.code, "ok", "read 110 ms after the first, sent 180 ms after it");
    // The credit does not make a client faster than its cooldown: a move read right after is early.
    const third = await send("move", { dir: "right" });
    assert.deepEqual(third.ok ? "ok" : third.code, "RATE_LIMITED");
  });

  it("runs one client's commands one at a time, in arrival order, past a failing one", async () => {
    const events: string[] = [];
    const slow = stall();
    const tasks = [1, 2, 3].map((n) =>
      queue.push(async () => {
        events.push(`start ${n}`);
        await new Promise((r) => setTimeout(r, 5 * (4 - n)));
        events.push(`end ${n}`);
        if (n === 2) throw new Error("a failing command");
      }));
    assert.deepEqual(events, [], "nothing runs while an earlier command runs");
    slow.release();
    const settled = await Promise.allSettled(tasks);
    assert.deepEqual(settled.map((s) => s.status), ["fulfilled", "rejected", "fulfilled"]);
    assert.deepEqual(events, ["start 1", "end 1", "start 2", "end 2", "start 3", "end 3"]);
  });
});
