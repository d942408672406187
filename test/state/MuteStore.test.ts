import assert from "node:assert/strict";
import type { PrismaClient } from "../../src/generated/prisma/client.js";
import { createPrismaClient } from "../../src/state/db/createPrismaClient.js";
import { keys } from "../../src/state/keys.js";
import { createAccount, testClock } from "../support/factories.js";
import { openTestStores, type TestStores } from "../support/stores.js";

const MINUTE_MS = 60_000;

/** The real Prisma client, except that `player.findMany` holds its rows at a gate the test opens. */
function gatedFindMany(prisma: PrismaClient): { prisma: PrismaClient; reached: Promise<void>; open: () => void } {
  let open!: () => void;
  let signalReached!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const reached = new Promise<void>((resolve) => (signalReached = resolve));
  const player = new Proxy(prisma.player, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property !== "findMany" || typeof value !== "function") return value;
      return async (...args: unknown[]) => {
        const rows: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        signalReached();
        await gate;
        return rows;
      };
    },
  });
  const proxy = new Proxy(prisma, {
    get(target, property, receiver) {
      if (property === "player") return player;
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { prisma: proxy, reached, open };
}

describe("MuteStore", () => {
  let stores: TestStores;
  beforeEach(async () => {
    stores = await openTestStores();
  });
  afterEach(async () => stores.close());

  it("writes a mute to PostgreSQL and Valkey at once; a check needs no PostgreSQL", async () => {
    const clock = testClock(Date.UTC(2030, 0, 1));
    const gsm = stores.newGsm({ now: clock.now });
    const account = await createAccount(gsm);
    assert.equal(await gsm.mutes.mutedUntil(account.id), null, "the first check of the world copies PostgreSQL's mutes");
    const untilMs = clock.nowMs + 30 * MINUTE_MS;
    assert.equal(await gsm.mutes.mute(account.id, untilMs), true);

    const row = await stores.prisma.player.findUnique({ where: { id: account.id } });
    assert.equal(row?.mutedUntil?.getTime(), untilMs);
    assert.equal(await stores.valkey.hget(keys.mutes(), String(account.id)), String(untilMs));

    // Another process whose PostgreSQL is unreachable still answers from Valkey alone.
    const deadPostgres = createPrismaClient("postgresql://postgres@127.0.0.1:1/unreachable");
    try {
      const other = stores.newGsm({ prisma: deadPostgres, now: clock.now });
      assert.equal(await other.mutes.mutedUntil(account.id), untilMs);
    } finally {
      await deadPostgres.$disconnect();
    }
  });

  it("ends a mute by itself at its end time", async () => {
    const clock = testClock(Date.UTC(2030, 0, 1));
    const gsm = stores.newGsm({ now: clock.now });
    const account = await createAccount(gsm);
    await gsm.mutes.mute(account.id, clock.nowMs + MINUTE_MS);
    clock.advance(MINUTE_MS - 1);
    assert.equal(await gsm.mutes.mutedUntil(account.id), clock.nowMs + 1);
    clock.advance(1);
    assert.equal(await gsm.mutes.mutedUntil(account.id), null);
  });

  it("lifts a mute in both stores, and answers false for an unknown player", async () => {
    const gsm = stores.newGsm();
    const account = await createAccount(gsm);
    await gsm.mutes.mute(account.id, Date.now() + MINUTE_MS);
    assert.equal(await gsm.mutes.unmute(account.id), true);
    assert.equal(await gsm.mutes.mutedUntil(account.id), null);
    assert.equal((await stores.prisma.player.findUnique({ where: { id: account.id } }))?.mutedUntil, null);
    assert.equal(await gsm.mutes.mute(987_654_321, Date.now() + MINUTE_MS), false);
    assert.equal(await gsm.mutes.unmute(987_654_321), false);
  });

  it("rebuilds the copy from PostgreSQL when Valkey has lost it", async () => {
    const gsm = stores.newGsm();
    const [muted, alsoMuted, free] = [await createAccount(gsm), await createAccount(gsm), await createAccount(gsm)];
    const untilMs = Date.now() + 10 * MINUTE_MS;
    await gsm.mutes.mute(muted.id, untilMs);
    await gsm.mutes.mute(alsoMuted.id, untilMs + 1);
    await gsm.mutes.mutedUntil(free.id);

    await stores.valkey.del(keys.mutes());
    assert.equal(await stores.newGsm().mutes.mutedUntil(muted.id), untilMs);
    assert.equal(await stores.valkey.hget(keys.mutes(), String(alsoMuted.id)), String(untilMs + 1), "every active mute came back");
    assert.equal(await gsm.mutes.mutedUntil(free.id), null);
  });

  it("does not bring back a mute lifted while a rebuild was reading PostgreSQL", async () => {
    const gsm = stores.newGsm();
    const account = await createAccount(gsm);
    await gsm.mutes.mute(account.id, Date.now() + MINUTE_MS);
    await stores.valkey.del(keys.mutes());

    const gated = gatedFindMany(stores.prisma);
    const rebuilding = stores.newGsm({ prisma: gated.prisma });
    const check = rebuilding.mutes.mutedUntil(account.id);
    await gated.reached; // the rebuild has read the mute, not yet written it
    assert.equal(await gsm.mutes.unmute(account.id), true);
    gated.open();
    assert.equal(await check, null);
    assert.equal(await gsm.mutes.mutedUntil(account.id), null);
  });
});
