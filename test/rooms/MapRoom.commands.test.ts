import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import type { CommandResult } from "../../src/protocol/index.js";
import { itemNamed } from "../support/factories.js";
import { joinMap, registerPlayer, startTestServer, waitFor, type MapRoomClient, type TestPlayer, type TestServer } from "../support/server.js";

/**
 * Every command of PROTOCOL.md through real SDK clients against the whole server: each success, each
 * failure code in the check order, `seq` echoing, cooldowns, death and respawn. Each table row gets a
 * fresh account (a new player: town spawn (32, 32), the starter kit) so that rows do not depend on one
 * another. The state a row checks is the client's state at the moment the `result` arrived, so every
 * success row also shows that the result is never ahead of the patch that shows its change.
 */

type Payload = Record<string, unknown>;
type Stacks = Record<string, [itemId: number, quantity: number]>;

/** What one client shows of its own player at one moment; ground items are those it sees. */
interface Own {
  x: number;
  y: number;
  facing: string;
  hp: number;
  maxHp: number;
  dead: boolean;
  inventory: Stacks;
  equipment: Stacks;
  skills: Record<string, [level: number, xp: number]>;
  stats: Record<string, number>;
}

interface Seen {
  /** Null when the client no longer holds its own player (it was transferred to another map). */
  own: Own | null;
  ground: Record<string, { itemId: number; quantity: number; x: number; y: number }>;
}

interface Actor extends TestPlayer {
  room: MapRoomClient;
  /** When each command type's cooldown is over for this player (measured from the result's arrival). */
  readyAt: Map<string, number>;
}

const ID = {
  coins: itemNamed("coins").id,
  dagger: itemNamed("copper_dagger").id,
  woodenShield: itemNamed("wooden_shield").id,
  bread: itemNamed("bread").id,
  helm: itemNamed("copper_helm").id,
  sword: itemNamed("copper_sword").id,
  greataxe: itemNamed("copper_greataxe").id,
  steelSword: itemNamed("steel_sword").id,
  steelShield: itemNamed("steel_shield").id,
};
const STARTER: Stacks = { 0: [ID.dagger, 1], 1: [ID.woodenShield, 1], 2: [ID.coins, 25], 3: [ID.bread, 5] };
const SPAWN = { x: 32, y: 32 };
const FOREST_TILE = { mapId: "forest", x: 10, y: 40 }; // walkable on forest (its spawn) and on town alike
const MISSING_ITEM_ID = 999_999;
const UNKNOWN_USER = "nobody_here_at_all";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function stacksOf(map: Map<string, { itemId: number; quantity: number }>): Stacks {
  return Object.fromEntries([...map.entries()].map(([k, s]) => [k, [s.itemId, s.quantity]]));
}

function own(actor: Actor): Own | null {
  const me = actor.room.state?.players?.get(String(actor.id));
  const personal = actor.room.state?.personal?.get(String(actor.id));
  if (!me || !personal) return null;
  const s = personal.stats;
  return {
    x: me.x,
    y: me.y,
    facing: me.facing,
    hp: me.hp,
    maxHp: me.maxHp,
    dead: me.dead,
    inventory: stacksOf(personal.inventory),
    equipment: stacksOf(personal.equipment),
    skills: Object.fromEntries([...personal.skills.entries()].map(([k, v]: [string, { level: number; xp: number }]) => [k, [v.level, v.xp]])),
    stats: { attack: s.attack, strength: s.strength, defence: s.defence, ranged: s.ranged, magic: s.magic, health: s.health },
  };
}

function seenBy(actor: Actor): Seen {
  const ground: Seen["ground"] = {};
  for (const [id, g] of actor.room.state?.groundItems?.entries() ?? []) ground[id] = { itemId: g.itemId, quantity: g.quantity, x: g.x, y: g.y };
  return { own: own(actor), ground };
}

function ownOf(actor: Actor): Own {
  const o = own(actor);
  if (!o) throw new Error(`player ${actor.id} is not in its client's state`);
  return o;
}

let nextSeq = 1_000_000;

/** Sends one command with a fresh seq; resolves with its result and the client's state when it arrived. */
function exchange(actor: Actor, type: string, payload: Payload): Promise<{ result: CommandResult; seen: Seen }> {
  const seq = nextSeq++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no result for ${type} ${JSON.stringify(payload)} (seq ${seq})`));
    }, 5_000);
    const off = actor.room.onMessage("result", (result: CommandResult) => {
      if (result.seq !== seq) return;
      const seen = seenBy(actor); // synchronously, before any later patch is decoded
      clearTimeout(timer);
      off();
      resolve({ result, seen });
    });
    actor.room.send(type, { ...payload, seq });
  });
}

/** Sends raw (the payload as given, no seq added) and resolves with the next result. One in flight only. */
function sendRaw(actor: Actor, type: string, payload?: unknown): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no result for raw ${type}`));
    }, 5_000);
    const off = actor.room.onMessage("result", (result: CommandResult) => {
      clearTimeout(timer);
      off();
      resolve(result);
    });
    actor.room.send(type, payload);
  });
}

function codeOf(result: CommandResult): string {
  return result.ok ? "ok" : result.code;
}

// One server at a time (the matchmaker is process-wide); the describes below take turns.
let server: TestServer;
const tag = randomBytes(3).toString("hex");
const adminNames = Array.from({ length: 200 }, (_, i) => `a${tag}_${i}`);
const pool = { admin: [] as TestPlayer[], player: [] as TestPlayer[] };
let adminsUsed = 0;
const cooldownOf = (type: string) => (type === "move" ? server.cfg.rules.moveCooldownMs : server.cfg.rules.commandCooldownMs);

async function account(admin: boolean): Promise<TestPlayer> {
  const ready = admin ? pool.admin.pop() : pool.player.pop();
  if (ready) return ready;
  if (!admin) return registerPlayer(server);
  if (adminsUsed >= adminNames.length) throw new Error("admin name pool exhausted");
  return registerPlayer(server, adminNames[adminsUsed++]);
}

async function actor(admin: boolean): Promise<Actor> {
  const p = await account(admin);
  const room = await joinMap(p);
  await waitFor(() => room.state.personal.get(String(p.id))?.skills.size === 11, "own personal state");
  return { ...p, room, readyAt: new Map() };
}

/** Waits out the type's cooldown for this player, then sends. */
async function send(a: Actor, type: string, payload: Payload) {
  const wait = (a.readyAt.get(type) ?? 0) - Date.now();
  if (wait > 0) await sleep(wait);
  const answer = await exchange(a, type, payload);
  a.readyAt.set(type, Date.now() + cooldownOf(type) + 5);
  return answer;
}

async function must(a: Actor, type: string, payload: Payload): Promise<CommandResult> {
  const { result } = await send(a, type, payload);
  assert.equal(result.ok, true, `setup ${type} ${JSON.stringify(payload)}: ${JSON.stringify(result)}`);
  return result;
}

async function close(a: Actor | undefined) {
  if (a?.room.connection.isOpen) await a.room.leave();
}

/** Leaves without waiting for the server to save the player (the next row does not need it gone). */
function dismiss(a: Actor | undefined) {
  if (a?.room.connection.isOpen) void a.room.leave().catch(() => undefined);
}

/** Moves the player's client to another map after a `transfer`, as a real client does. */
async function follow(a: Actor, transfer: Promise<{ mapId: string; x: number; y: number }>) {
  const target = await transfer;
  await close(a);
  a.room = await joinMap(a, target.mapId);
  await waitFor(() => a.room.state.personal.get(String(a.id))?.skills.size === 11, "own personal state after transfer");
  return target;
}

const transferOf = (a: Actor) => new Promise<{ mapId: string; x: number; y: number }>((resolve) => a.room.onMessage("transfer", resolve));

describe("MapRoom commands (PROTOCOL.md Commands), table-driven", function () {
  this.timeout(60_000);
  interface Ctx {
    me: Actor;
    /** Ground item ids and other numbers a row's setup leaves for its command and checks. */
    vars: Record<string, number>;
    /** Usernames: `other` (once `other()` ran), `offline` (registered, never joined), `gone` (left). */
    names: { other?: string; offline?: string; gone?: string };
    /** A `transfer` a row's setup started listening for. */
    transfer?: Promise<{ mapId: string; x: number; y: number }>;
    /** A second, non-admin player on the spawn, created on first use. */
    other(): Promise<Actor>;
    /** An admin helper, created on first use. */
    admin(): Promise<Actor>;
    must(type: string, payload: Payload, who?: Actor): Promise<CommandResult>;
  }

  async function newCtx(admin: boolean) {
    const me = await actor(admin);
    let other: Actor | undefined;
    let helper: Actor | undefined;
    const ctx: Ctx = {
      me,
      vars: {},
      names: {},
      other: async () => {
        other ??= await actor(false);
        ctx.names.other = other.username;
        return other;
      },
      admin: async () => (helper ??= await actor(true)),
      must: (type, payload, who = me) => must(who, type, payload),
    };
    return { ctx, close: () => [ctx.me, other, helper].forEach(dismiss) };
  }

  // Setup steps shared by several rows.
  const dropBread = async (c: Ctx, quantity?: number) => {
    const r = await c.must("inventory:drop", { slot: 3, ...(quantity === undefined ? {} : { quantity }) });
    c.vars.g = (r as { data: { groundItemId: number } }).data.groundItemId;
  };
  /** Fills every free inventory slot with copper helms (equipment: one per slot). */
  const fillFreeSlots = async (c: Ctx) => {
    const free = 28 - Object.keys(ownOf(c.me).inventory).length;
    if (free > 0) await c.must("admin:give", { itemId: ID.helm, quantity: free });
    assert.equal(Object.keys(ownOf(c.me).inventory).length, 28);
  };
  const kill = async (c: Ctx, who: Actor = c.me) => {
    const killer = who === c.me && c.me.username.startsWith(`a${tag}`) ? c.me : await c.admin();
    await c.must("admin:damage", { amount: 1_000, ...(killer === who ? {} : { username: who.username }) }, killer);
    await waitFor(() => own(who)?.dead === true, "dead");
  };
  const goOffline = async (c: Ctx) => {
    const gone = await actor(false);
    await close(gone);
    await waitFor(async () => !(await server.runtime.gsm!.isOnline(gone.id)), "saved and unloaded");
    c.names.gone = gone.username;
  };

  interface Row {
    name: string;
    /** The actor is an admin (ADMIN_USERNAMES). */
    admin?: boolean;
    setup?: (c: Ctx) => Promise<void>;
    send: [type: string, payload: Payload | ((c: Ctx) => Payload)];
    /** "ok" or the failure code. */
    expect: string;
    data?: unknown;
    /** Checks on the client's state at the moment the result arrived. */
    check?: (c: Ctx, seen: Seen, before: Seen, result: CommandResult) => void | Promise<void>;
  }

  const rows: Row[] = [];
  const ok = (o: Seen | null) => (o?.own ? o.own : assert.fail("own player missing from the client's state"));

  // ---- move ----
  for (const [dir, dx, dy] of [["up", 0, -1], ["down", 0, 1], ["left", -1, 0], ["right", 1, 0]] as const) {
    rows.push({
      name: `one tile ${dir}, facing ${dir}`,
      send: ["move", { dir }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual([ok(seen).x, ok(seen).y, ok(seen).facing], [SPAWN.x + dx, SPAWN.y + dy, dir]),
    });
  }
  rows.push(
    {
      name: "BLOCKED by the border wall",
      admin: true,
      setup: async (c) => void (await c.must("admin:teleport", { x: 1, y: 32 })),
      send: ["move", { dir: "left" }],
      expect: "BLOCKED",
    },
    {
      name: "BLOCKED by a building",
      admin: true,
      setup: async (c) => void (await c.must("admin:teleport", { x: 39, y: 12 })),
      send: ["move", { dir: "right" }],
      expect: "BLOCKED",
    },
    { name: "INVALID_PAYLOAD: unknown direction", send: ["move", { dir: "north" }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: missing dir", send: ["move", {}], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: extra field", send: ["move", { dir: "up", steps: 2 }], expect: "INVALID_PAYLOAD" },
  );

  // ---- inventory:move ----
  rows.push(
    {
      name: "into an empty slot",
      send: ["inventory:move", { from: 0, to: 10 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual(ok(seen).inventory, { 10: [ID.dagger, 1], 1: STARTER[1], 2: STARTER[2], 3: STARTER[3] }),
    },
    {
      name: "onto another item: swap",
      send: ["inventory:move", { from: 0, to: 1 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual(ok(seen).inventory, { ...STARTER, 0: STARTER[1], 1: STARTER[0] }),
    },
    {
      name: "onto the same stackable item: merge up to the stack size, the rest stays",
      admin: true,
      setup: async (c) => {
        await c.must("admin:give", { itemId: ID.bread, quantity: 60 }); // slot 3: 64, slot 4: 1
        assert.deepEqual(ownOf(c.me).inventory[4], [ID.bread, 1]);
      },
      send: ["inventory:move", { from: 3, to: 4 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual([ok(seen).inventory[3], ok(seen).inventory[4]], [[ID.bread, 1], [ID.bread, 64]]),
    },
    {
      name: "from == to is a no-op success",
      send: ["inventory:move", { from: 2, to: 2 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual(ok(seen).inventory, STARTER),
    },
    { name: "INVALID_SLOT: from 28", send: ["inventory:move", { from: 28, to: 0 }], expect: "INVALID_SLOT" },
    { name: "INVALID_SLOT: to 28", send: ["inventory:move", { from: 0, to: 28 }], expect: "INVALID_SLOT" },
    { name: "INVALID_SLOT: from -1", send: ["inventory:move", { from: -1, to: 0 }], expect: "INVALID_SLOT" },
    { name: "INVALID_SLOT: to 1,000,000", send: ["inventory:move", { from: 0, to: 1_000_000 }], expect: "INVALID_SLOT" },
    { name: "INVALID_SLOT before SLOT_EMPTY", send: ["inventory:move", { from: 10, to: 28 }], expect: "INVALID_SLOT" },
    { name: "SLOT_EMPTY: empty from", send: ["inventory:move", { from: 10, to: 11 }], expect: "SLOT_EMPTY" },
    { name: "SLOT_EMPTY: empty from onto an item", send: ["inventory:move", { from: 10, to: 0 }], expect: "SLOT_EMPTY" },
    { name: "INVALID_PAYLOAD: string slot", send: ["inventory:move", { from: "0", to: 1 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: float slot", send: ["inventory:move", { from: 0, to: 1.5 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: missing to", send: ["inventory:move", { from: 0 }], expect: "INVALID_PAYLOAD" },
  );

  // ---- inventory:drop ----
  const droppedOnMyTile = (itemId: number, quantity: number) => (_c: Ctx, seen: Seen, _b: Seen, result: CommandResult) => {
    const id = (result as { data: { groundItemId: number } }).data.groundItemId;
    assert.deepEqual(seen.ground[String(id)], { itemId, quantity, x: ok(seen).x, y: ok(seen).y }, "the dropper sees it at the result");
  };
  rows.push(
    {
      name: "the whole stack (no quantity): data.groundItemId",
      send: ["inventory:drop", { slot: 3 }],
      expect: "ok",
      data: (d: unknown) => assert.ok(Number.isSafeInteger((d as { groundItemId: number }).groundItemId) && Object.keys(d as object).length === 1),
      check: (c, seen, b, r) => {
        assert.deepEqual(ok(seen).inventory, { 0: STARTER[0], 1: STARTER[1], 2: STARTER[2] });
        droppedOnMyTile(ID.bread, 5)(c, seen, b, r);
      },
    },
    {
      name: "part of a stack",
      send: ["inventory:drop", { slot: 2, quantity: 10 }],
      expect: "ok",
      check: (c, seen, b, r) => {
        assert.deepEqual(ok(seen).inventory, { ...STARTER, 2: [ID.coins, 15] });
        droppedOnMyTile(ID.coins, 10)(c, seen, b, r);
      },
    },
    {
      name: "quantity equal to the stack: the whole stack",
      send: ["inventory:drop", { slot: 3, quantity: 5 }],
      expect: "ok",
      check: (c, seen, b, r) => {
        assert.equal(ok(seen).inventory[3], undefined);
        droppedOnMyTile(ID.bread, 5)(c, seen, b, r);
      },
    },
    {
      name: "never merged on the ground: two drops, two ground items",
      setup: (c) => dropBread(c, 1),
      send: ["inventory:drop", { slot: 3, quantity: 1 }],
      expect: "ok",
      check: (c, seen, _b, r) => {
        const id = (r as { data: { groundItemId: number } }).data.groundItemId;
        assert.notEqual(id, c.vars.g);
        assert.equal(seen.ground[String(c.vars.g)]?.quantity, 1);
        assert.equal(seen.ground[String(id)]?.quantity, 1);
        assert.deepEqual(ok(seen).inventory[3], [ID.bread, 3]);
      },
    },
    { name: "INVALID_SLOT: 28", send: ["inventory:drop", { slot: 28 }], expect: "INVALID_SLOT" },
    { name: "INVALID_SLOT: -1", send: ["inventory:drop", { slot: -1, quantity: 1 }], expect: "INVALID_SLOT" },
    { name: "SLOT_EMPTY", send: ["inventory:drop", { slot: 10 }], expect: "SLOT_EMPTY" },
    { name: "INVALID_PAYLOAD: quantity 0", send: ["inventory:drop", { slot: 3, quantity: 0 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: quantity -2", send: ["inventory:drop", { slot: 3, quantity: -2 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: quantity more than the stack", send: ["inventory:drop", { slot: 3, quantity: 6 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: float quantity", send: ["inventory:drop", { slot: 3, quantity: 2.5 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: null quantity", send: ["inventory:drop", { slot: 3, quantity: null }], expect: "INVALID_PAYLOAD" },
  );

  // ---- ground:pickup ----
  rows.push(
    {
      name: "all of it: data {quantity, remaining: 0}, gone from the ground",
      setup: (c) => dropBread(c),
      send: ["ground:pickup", (c) => ({ id: c.vars.g })],
      expect: "ok",
      data: { quantity: 5, remaining: 0 },
      check: (c, seen) => {
        assert.deepEqual(ok(seen).inventory, STARTER);
        assert.equal(seen.ground[String(c.vars.g)], undefined);
      },
    },
    {
      name: "tops up the stack it came from",
      setup: (c) => dropBread(c, 2),
      send: ["ground:pickup", (c) => ({ id: c.vars.g })],
      expect: "ok",
      data: { quantity: 2, remaining: 0 },
      check: (_c, seen) => assert.deepEqual(ok(seen).inventory, STARTER),
    },
    {
      name: "part of it when only part fits: the rest stays on the ground",
      admin: true,
      setup: async (c) => {
        await dropBread(c); // 5 bread on the ground, slot 3 empty
        await c.must("admin:give", { itemId: ID.bread, quantity: 62 }); // slot 3: 62 of 64
        await fillFreeSlots(c);
      },
      send: ["ground:pickup", (c) => ({ id: c.vars.g })],
      expect: "ok",
      data: { quantity: 2, remaining: 3 },
      check: (c, seen) => {
        assert.deepEqual(ok(seen).inventory[3], [ID.bread, 64]);
        assert.equal(seen.ground[String(c.vars.g)]?.quantity, 3);
      },
    },
    {
      name: "INVENTORY_FULL when nothing fits (the item stays)",
      admin: true,
      setup: async (c) => {
        await dropBread(c);
        await c.must("admin:give", { itemId: ID.bread, quantity: 64 });
        await fillFreeSlots(c);
      },
      send: ["ground:pickup", (c) => ({ id: c.vars.g })],
      expect: "INVENTORY_FULL",
      check: (c, seen) => assert.equal(seen.ground[String(c.vars.g)]?.quantity, 5),
    },
    { name: "NOT_FOUND: an id that never existed", send: ["ground:pickup", { id: 2_000_000_000 }], expect: "NOT_FOUND" },
    {
      name: "NOT_FOUND: already picked up",
      setup: async (c) => {
        await dropBread(c);
        await c.must("ground:pickup", { id: c.vars.g });
      },
      send: ["ground:pickup", (c) => ({ id: c.vars.g })],
      expect: "NOT_FOUND",
    },
    {
      name: "NOT_FOUND: protected for its dropper",
      setup: async (c) => {
        const other = await c.other();
        const r = await c.must("inventory:drop", { slot: 3 }, other);
        c.vars.g = (r as { data: { groundItemId: number } }).data.groundItemId;
        assert.deepEqual([ownOf(other).x, ownOf(other).y], [ownOf(c.me).x, ownOf(c.me).y], "same tile");
      },
      send: ["ground:pickup", (c) => ({ id: c.vars.g })],
      expect: "NOT_FOUND",
      check: (c, seen) => assert.equal(seen.ground[String(c.vars.g)], undefined, "not shown to others either"),
    },
    {
      name: "NOT_FOUND: on another map (same x, y)",
      admin: true,
      setup: async (c) => {
        await c.must("admin:teleport", { x: FOREST_TILE.x, y: FOREST_TILE.y });
        await dropBread(c);
        const transfer = transferOf(c.me);
        await c.must("admin:teleport", FOREST_TILE);
        assert.deepEqual(await follow(c.me, transfer), FOREST_TILE);
      },
      send: ["ground:pickup", (c) => ({ id: c.vars.g })],
      expect: "NOT_FOUND",
    },
    {
      name: "NOT_ON_TILE",
      setup: async (c) => {
        await dropBread(c);
        await c.must("move", { dir: "right" });
      },
      send: ["ground:pickup", (c) => ({ id: c.vars.g })],
      expect: "NOT_ON_TILE",
      check: (c, seen) => assert.equal(seen.ground[String(c.vars.g)]?.quantity, 5),
    },
    { name: "INVALID_PAYLOAD: string id", send: ["ground:pickup", { id: "1" }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: missing id", send: ["ground:pickup", {}], expect: "INVALID_PAYLOAD" },
  );

  // ---- equip ----
  rows.push(
    {
      name: "a weapon: leaves the inventory, totals include it",
      send: ["equip", { slot: 0 }],
      expect: "ok",
      check: (_c, seen) => {
        assert.deepEqual(ok(seen).equipment, { weapon: [ID.dagger, 1] });
        assert.equal(ok(seen).inventory[0], undefined);
        assert.deepEqual([ok(seen).stats.attack, ok(seen).stats.strength], [itemNamed("copper_dagger").bonuses.attack, itemNamed("copper_dagger").bonuses.strength]);
      },
    },
    {
      name: "a shield",
      send: ["equip", { slot: 1 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual([ok(seen).equipment, ok(seen).stats.defence], [{ shield: [ID.woodenShield, 1] }, 2]),
    },
    {
      name: "onto an equipped item: the old one swaps into the freed slot",
      admin: true,
      setup: async (c) => {
        await c.must("equip", { slot: 0 });
        await c.must("admin:give", { itemId: ID.sword, quantity: 1 }); // lowest free slot: 0
      },
      send: ["equip", { slot: 0 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual([ok(seen).equipment.weapon, ok(seen).inventory[0]], [[ID.sword, 1], [ID.dagger, 1]]),
    },
    {
      name: "a two-handed weapon takes the shield off",
      admin: true,
      setup: async (c) => {
        await c.must("equip", { slot: 1 });
        await c.must("admin:give", { itemId: ID.greataxe, quantity: 1 }); // slot 1
      },
      send: ["equip", { slot: 1 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual([ok(seen).equipment, ok(seen).inventory[1]], [{ weapon: [ID.greataxe, 1] }, [ID.woodenShield, 1]]),
    },
    {
      name: "a shield takes a two-handed weapon off",
      admin: true,
      setup: async (c) => {
        await c.must("admin:give", { itemId: ID.greataxe, quantity: 1 }); // slot 4
        await c.must("equip", { slot: 4 });
      },
      send: ["equip", { slot: 1 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual([ok(seen).equipment, ok(seen).inventory[1]], [{ shield: [ID.woodenShield, 1] }, [ID.greataxe, 1]]),
    },
    {
      name: "meets the requirement after gaining the level",
      admin: true,
      setup: async (c) => {
        await c.must("admin:give", { itemId: ID.steelSword, quantity: 1 }); // slot 4
        await c.must("admin:xp", { skill: "attack", xp: 10_000_000 });
      },
      send: ["equip", { slot: 4 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual(ok(seen).equipment.weapon, [ID.steelSword, 1]),
    },
    { name: "INVALID_SLOT: 28", send: ["equip", { slot: 28 }], expect: "INVALID_SLOT" },
    { name: "INVALID_SLOT: -1", send: ["equip", { slot: -1 }], expect: "INVALID_SLOT" },
    { name: "SLOT_EMPTY", send: ["equip", { slot: 10 }], expect: "SLOT_EMPTY" },
    { name: "NOT_EQUIPABLE: coins", send: ["equip", { slot: 2 }], expect: "NOT_EQUIPABLE" },
    { name: "NOT_EQUIPABLE: bread", send: ["equip", { slot: 3 }], expect: "NOT_EQUIPABLE" },
    {
      name: "REQUIREMENTS_NOT_MET: steel sword (attack 20) at attack 1",
      admin: true,
      setup: async (c) => void (await c.must("admin:give", { itemId: ID.steelSword, quantity: 1 })),
      send: ["equip", { slot: 4 }],
      expect: "REQUIREMENTS_NOT_MET",
    },
    {
      name: "REQUIREMENTS_NOT_MET: steel shield (defence 20) at defence 1",
      admin: true,
      setup: async (c) => void (await c.must("admin:give", { itemId: ID.steelShield, quantity: 1 })),
      send: ["equip", { slot: 4 }],
      expect: "REQUIREMENTS_NOT_MET",
    },
    {
      name: "INVENTORY_FULL: the shield a two-handed weapon takes off has nowhere to go",
      admin: true,
      setup: async (c) => {
        await c.must("equip", { slot: 0 });
        await c.must("equip", { slot: 1 });
        await c.must("admin:give", { itemId: ID.greataxe, quantity: 1 }); // slot 0
        await fillFreeSlots(c);
      },
      send: ["equip", { slot: 0 }],
      expect: "INVENTORY_FULL",
    },
    { name: "INVALID_PAYLOAD: slot name instead of number", send: ["equip", { slot: "weapon" }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: missing slot", send: ["equip", {}], expect: "INVALID_PAYLOAD" },
  );

  // ---- unequip ----
  rows.push(
    {
      name: "to the lowest free inventory slot",
      setup: async (c) => {
        await c.must("equip", { slot: 0 });
        await c.must("inventory:move", { from: 1, to: 0 }); // lowest free slot is now 1
      },
      send: ["unequip", { slot: "weapon" }],
      expect: "ok",
      check: (_c, seen) => {
        assert.deepEqual(ok(seen).equipment, {});
        assert.deepEqual(ok(seen).inventory, { 0: STARTER[1], 1: STARTER[0], 2: STARTER[2], 3: STARTER[3] });
        assert.equal(ok(seen).stats.attack, 0);
      },
    },
    { name: "INVALID_SLOT: unknown name", send: ["unequip", { slot: "hat" }], expect: "INVALID_SLOT" },
    { name: "INVALID_SLOT: names are lower case", send: ["unequip", { slot: "WEAPON" }], expect: "INVALID_SLOT" },
    { name: "INVALID_SLOT: empty name", send: ["unequip", { slot: "" }], expect: "INVALID_SLOT" },
    { name: "SLOT_EMPTY", send: ["unequip", { slot: "head" }], expect: "SLOT_EMPTY" },
    {
      name: "INVENTORY_FULL",
      admin: true,
      setup: async (c) => {
        await c.must("equip", { slot: 0 });
        await fillFreeSlots(c);
      },
      send: ["unequip", { slot: "weapon" }],
      expect: "INVENTORY_FULL",
    },
    { name: "INVALID_PAYLOAD: number", send: ["unequip", { slot: 3 }], expect: "INVALID_PAYLOAD" },
  );

  // ---- admin:give ----
  rows.push(
    {
      name: "to self, onto the existing stack",
      admin: true,
      send: ["admin:give", { itemId: ID.coins, quantity: 100 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual(ok(seen).inventory, { ...STARTER, 2: [ID.coins, 125] }),
    },
    {
      name: "to self, equipment one per slot from the lowest free slot",
      admin: true,
      send: ["admin:give", { itemId: ID.helm, quantity: 3 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual(ok(seen).inventory, { ...STARTER, 4: [ID.helm, 1], 5: [ID.helm, 1], 6: [ID.helm, 1] }),
    },
    {
      name: "exactly what fits (stack top-up plus every free slot)",
      admin: true,
      send: ["admin:give", { itemId: ID.bread, quantity: 59 + 24 * 64 }],
      expect: "ok",
      check: (_c, seen) => {
        assert.equal(Object.keys(ok(seen).inventory).length, 28);
        assert.deepEqual(ok(seen).inventory[3], [ID.bread, 64]);
        assert.deepEqual(ok(seen).inventory[27], [ID.bread, 64]);
      },
    },
    {
      name: "to another online player",
      admin: true,
      setup: async (c) => void (await c.other()),
      send: ["admin:give", (c) => ({ itemId: ID.bread, quantity: 5, username: c.names.other })],
      expect: "ok",
      check: async (c, seen, before) => {
        assert.deepEqual(ok(seen).inventory, ok(before).inventory, "the admin's own inventory is untouched");
        const other = await c.other();
        await waitFor(() => own(other)?.inventory[3]?.[1] === 10, "the target sees 10 bread");
      },
    },
    { name: "NOT_FOUND: unknown item", admin: true, send: ["admin:give", { itemId: MISSING_ITEM_ID, quantity: 1 }], expect: "NOT_FOUND" },
    { name: "NOT_FOUND: item id 0", admin: true, send: ["admin:give", { itemId: 0, quantity: 1 }], expect: "NOT_FOUND" },
    { name: "NOT_FOUND: unknown user", admin: true, send: ["admin:give", { itemId: ID.coins, quantity: 1, username: UNKNOWN_USER }], expect: "NOT_FOUND" },
    {
      name: "NOT_FOUND: a registered user who never joined",
      admin: true,
      setup: async (c) => void (c.names.offline = (await account(false)).username),
      send: ["admin:give", (c) => ({ itemId: ID.coins, quantity: 1, username: c.names.offline })],
      expect: "NOT_FOUND",
    },
    {
      name: "NOT_FOUND: a user who left",
      admin: true,
      setup: goOffline,
      send: ["admin:give", (c) => ({ itemId: ID.coins, quantity: 1, username: c.names.gone })],
      expect: "NOT_FOUND",
    },
    {
      name: "INVENTORY_FULL: more than fits changes nothing",
      admin: true,
      send: ["admin:give", { itemId: ID.helm, quantity: 25 }],
      expect: "INVENTORY_FULL",
    },
    {
      name: "INVENTORY_FULL: one more than fits changes nothing",
      admin: true,
      send: ["admin:give", { itemId: ID.bread, quantity: 59 + 24 * 64 + 1 }],
      expect: "INVENTORY_FULL",
    },
    { name: "INVALID_PAYLOAD: quantity 0", admin: true, send: ["admin:give", { itemId: ID.coins, quantity: 0 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: negative quantity", admin: true, send: ["admin:give", { itemId: ID.coins, quantity: -5 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: missing quantity", admin: true, send: ["admin:give", { itemId: ID.coins }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: empty username", admin: true, send: ["admin:give", { itemId: ID.coins, quantity: 1, username: "" }], expect: "INVALID_PAYLOAD" },
  );

  // ---- admin:damage ----
  rows.push(
    {
      name: "self",
      admin: true,
      send: ["admin:damage", { amount: 3 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual([ok(seen).hp, ok(seen).maxHp, ok(seen).dead], [7, 10, false]),
    },
    {
      name: "another online player",
      admin: true,
      setup: async (c) => void (await c.other()),
      send: ["admin:damage", (c) => ({ amount: 2, username: c.names.other })],
      expect: "ok",
      check: async (c, seen) => {
        assert.equal(ok(seen).hp, 10);
        const other = await c.other();
        await waitFor(() => own(other)?.hp === 8, "the target shows 8 HP");
      },
    },
    {
      name: "lethal: dead, HP 0, everything dropped on the death tile (shown to the dead player)",
      admin: true,
      setup: async (c) => {
        await c.must("admin:teleport", { x: 50, y: 58 }); // a tile no other row uses
        await c.must("equip", { slot: 0 });
      },
      send: ["admin:damage", { amount: 1_000 }],
      expect: "ok",
      check: (_c, seen, before) => {
        const me = ok(seen);
        assert.deepEqual([me.hp, me.dead, me.inventory, me.equipment], [0, true, {}, {}]);
        assert.deepEqual([me.x, me.y], [50, 58]);
        const dropped = Object.entries(seen.ground).filter(([id, g]) => !(id in before.ground) && g.x === 50 && g.y === 58).map(([, g]) => g);
        assert.deepEqual(dropped.map((g) => [g.itemId, g.quantity]).sort(), Object.values(STARTER).sort());
      },
    },
    {
      name: "exactly the current HP kills",
      admin: true,
      send: ["admin:damage", { amount: 10 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual([ok(seen).hp, ok(seen).dead], [0, true]),
    },
    { name: "NOT_FOUND: unknown user", admin: true, send: ["admin:damage", { amount: 1, username: UNKNOWN_USER }], expect: "NOT_FOUND" },
    {
      name: "NOT_FOUND: a user who left",
      admin: true,
      setup: goOffline,
      send: ["admin:damage", (c) => ({ amount: 1, username: c.names.gone })],
      expect: "NOT_FOUND",
    },
    { name: "INVALID_PAYLOAD: amount 0", admin: true, send: ["admin:damage", { amount: 0 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: negative amount", admin: true, send: ["admin:damage", { amount: -4 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: float amount", admin: true, send: ["admin:damage", { amount: 1.5 }], expect: "INVALID_PAYLOAD" },
  );

  // ---- admin:xp ----
  rows.push(
    {
      name: "self: 83 attack XP is level 2",
      admin: true,
      send: ["admin:xp", { skill: "attack", xp: 83 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual(ok(seen).skills.attack, [2, 83]),
    },
    {
      name: "hitpoints levels raise max HP; current HP stays",
      admin: true,
      send: ["admin:xp", { skill: "hitpoints", xp: 100_000 }],
      expect: "ok",
      check: (_c, seen) => {
        const [level] = ok(seen).skills.hitpoints!;
        assert.ok(level > 10);
        assert.deepEqual([ok(seen).maxHp, ok(seen).hp], [level, 10]);
      },
    },
    {
      name: "capped at 200,000,000",
      admin: true,
      setup: async (c) => void (await c.must("admin:xp", { skill: "mining", xp: 199_999_990 })),
      send: ["admin:xp", { skill: "mining", xp: 1_000 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual(ok(seen).skills.mining, [99, 200_000_000]),
    },
    {
      name: "another online player",
      admin: true,
      setup: async (c) => void (await c.other()),
      send: ["admin:xp", (c) => ({ skill: "fishing", xp: 1_154, username: c.names.other })],
      expect: "ok",
      check: async (c) => {
        const other = await c.other();
        await waitFor(() => own(other)?.skills.fishing?.[0] === 10, "the target shows fishing 10");
      },
    },
    { name: "NOT_FOUND: unknown user", admin: true, send: ["admin:xp", { skill: "attack", xp: 1, username: UNKNOWN_USER }], expect: "NOT_FOUND" },
    {
      name: "NOT_FOUND: a user who left",
      admin: true,
      setup: goOffline,
      send: ["admin:xp", (c) => ({ skill: "attack", xp: 1, username: c.names.gone })],
      expect: "NOT_FOUND",
    },
    { name: "INVALID_PAYLOAD: unknown skill", admin: true, send: ["admin:xp", { skill: "flying", xp: 1 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: skill names are lower case", admin: true, send: ["admin:xp", { skill: "Attack", xp: 1 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: xp 0", admin: true, send: ["admin:xp", { skill: "attack", xp: 0 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: negative xp", admin: true, send: ["admin:xp", { skill: "attack", xp: -100 }], expect: "INVALID_PAYLOAD" },
  );

  // ---- admin:teleport ----
  rows.push(
    {
      name: "self, same map",
      admin: true,
      send: ["admin:teleport", { x: 40, y: 40 }],
      expect: "ok",
      check: (_c, seen) => assert.deepEqual([ok(seen).x, ok(seen).y], [40, 40]),
    },
    {
      name: "another player, same map",
      admin: true,
      setup: async (c) => void (await c.other()),
      send: ["admin:teleport", (c) => ({ x: 20, y: 30, username: c.names.other })],
      expect: "ok",
      check: async (c, seen) => {
        assert.deepEqual([ok(seen).x, ok(seen).y], [SPAWN.x, SPAWN.y]);
        const other = await c.other();
        await waitFor(() => own(other)?.x === 20 && own(other)?.y === 30, "the target at (20, 30)");
      },
    },
    {
      name: "another player to another map: the target gets `transfer`, saved there, joins there",
      admin: true,
      setup: async (c) => {
        const other = await c.other();
        c.transfer = transferOf(other);
      },
      send: ["admin:teleport", (c) => ({ ...FOREST_TILE, username: c.names.other })],
      expect: "ok",
      check: async (c) => {
        const other = await c.other();
        const transfer = c.transfer!;
        assert.deepEqual(await transfer, FOREST_TILE);
        const saved = await server.runtime.gsm!.accounts.findById(other.id);
        assert.deepEqual([saved?.mapId, saved?.x, saved?.y], [FOREST_TILE.mapId, FOREST_TILE.x, FOREST_TILE.y], "saved before `transfer`");
        await waitFor(() => !c.me.room.state.players.has(String(other.id)), "gone from the town room");
        // A message to the old room is still answered (docs/PROTOCOL.md: UNAVAILABLE) and changes nothing.
        const stale = await exchange(other, "inventory:move", { from: 0, to: 9 });
        assert.equal(codeOf(stale.result), "UNAVAILABLE", JSON.stringify(stale.result));
        assert.equal((await server.runtime.gsm!.readPlayer(other.id))?.inventory.get(9), undefined);
        await follow(other, Promise.resolve(FOREST_TILE));
        assert.deepEqual([other.room.state.mapId, ownOf(other).x, ownOf(other).y], ["forest", 10, 40]);
        // Admin commands reach a player on any map.
        await c.must("admin:give", { itemId: ID.coins, quantity: 5, username: other.username });
        await waitFor(() => own(other)?.inventory[2]?.[1] === 30, "the target on the other map shows 30 coins");
      },
    },
    {
      name: "self to another map: the result, then `transfer`",
      admin: true,
      setup: (c) => {
        let resultArrived = false;
        c.me.room.onMessage("result", () => (resultArrived = true));
        c.transfer = new Promise((resolve) => c.me.room.onMessage("transfer", (t: { mapId: string; x: number; y: number }) => {
          c.vars.resultFirst = resultArrived ? 1 : 0;
          resolve(t);
        }));
        return Promise.resolve();
      },
      send: ["admin:teleport", FOREST_TILE],
      expect: "ok",
      check: async (c) => {
        const transfer = c.transfer!;
        assert.deepEqual(await follow(c.me, transfer), FOREST_TILE);
        assert.equal(c.vars.resultFirst, 1, "a client that leaves on `transfer` has had its result");
        assert.deepEqual([ownOf(c.me).x, ownOf(c.me).y], [10, 40]);
      },
    },
    { name: "BLOCKED: a wall", admin: true, send: ["admin:teleport", { x: 0, y: 0 }], expect: "BLOCKED" },
    { name: "BLOCKED: a building", admin: true, send: ["admin:teleport", { x: 40, y: 12 }], expect: "BLOCKED" },
    { name: "BLOCKED: outside the map (x = width)", admin: true, send: ["admin:teleport", { x: 64, y: 5 }], expect: "BLOCKED" },
    { name: "BLOCKED: outside the map (negative)", admin: true, send: ["admin:teleport", { x: -1, y: -1 }], expect: "BLOCKED" },
    { name: "BLOCKED: a wall of another map", admin: true, send: ["admin:teleport", { mapId: "forest", x: 0, y: 40 }], expect: "BLOCKED" },
    {
      name: "BLOCKED: another player onto a wall (the target stays)",
      admin: true,
      setup: async (c) => void (await c.other()),
      send: ["admin:teleport", (c) => ({ x: 5, y: 0, username: c.names.other })],
      expect: "BLOCKED",
      check: async (c) => assert.deepEqual([ownOf(await c.other()).x, ownOf(await c.other()).y], [SPAWN.x, SPAWN.y]),
    },
    { name: "NOT_FOUND: unknown user", admin: true, send: ["admin:teleport", { x: 40, y: 40, username: UNKNOWN_USER }], expect: "NOT_FOUND" },
    {
      name: "NOT_FOUND: a user who left",
      admin: true,
      setup: goOffline,
      send: ["admin:teleport", (c) => ({ x: 40, y: 40, username: c.names.gone })],
      expect: "NOT_FOUND",
    },
    { name: "NOT_FOUND: unknown map", admin: true, send: ["admin:teleport", { mapId: "atlantis", x: 5, y: 5 }], expect: "NOT_FOUND" },
    { name: "INVALID_PAYLOAD: float x", admin: true, send: ["admin:teleport", { x: 1.5, y: 5 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: missing y", admin: true, send: ["admin:teleport", { x: 5 }], expect: "INVALID_PAYLOAD" },
    { name: "INVALID_PAYLOAD: numeric mapId", admin: true, send: ["admin:teleport", { x: 5, y: 5, mapId: 2 }], expect: "INVALID_PAYLOAD" },
  );

  // ---- FORBIDDEN: non-admins sending admin:* ----
  const validAdmin: Array<[string, Payload]> = [
    ["admin:give", { itemId: ID.coins, quantity: 1 }],
    ["admin:damage", { amount: 1 }],
    ["admin:xp", { skill: "attack", xp: 1 }],
    ["admin:teleport", { x: 40, y: 40 }],
  ];
  for (const [type, payload] of validAdmin) {
    rows.push({ name: "FORBIDDEN for a non-admin", send: [type, payload], expect: "FORBIDDEN" });
    rows.push({
      name: "FORBIDDEN for a non-admin, even aimed at another player",
      setup: async (c) => void (await c.other()),
      send: [type, (c) => ({ ...payload, username: c.names.other })],
      expect: "FORBIDDEN",
    });
  }

  // ---- DEAD: every command of a dead player ----
  const validAll: Array<[string, Payload]> = [
    ["move", { dir: "up" }],
    ["inventory:move", { from: 0, to: 1 }],
    ["inventory:drop", { slot: 0 }],
    ["ground:pickup", { id: 1 }],
    ["equip", { slot: 0 }],
    ["unequip", { slot: "weapon" }],
    ...validAdmin,
  ];
  for (const [type, payload] of validAll) {
    rows.push({ name: "DEAD while dead", admin: true, setup: (c) => kill(c), send: [type, payload], expect: "DEAD" });
  }

  // ---- check order: shape, role, alive, cooldown, rule ----
  rows.push(
    { name: "check order: a malformed payload from a dead player is INVALID_PAYLOAD", admin: true, setup: (c) => kill(c), send: ["move", { dir: 7 }], expect: "INVALID_PAYLOAD" },
    { name: "check order: a malformed admin payload from a dead admin is INVALID_PAYLOAD", admin: true, setup: (c) => kill(c), send: ["admin:give", { itemId: 1, quantity: 0 }], expect: "INVALID_PAYLOAD" },
    { name: "check order: an unknown type from a dead player is INVALID_PAYLOAD", admin: true, setup: (c) => kill(c), send: ["inventory:sort", {}], expect: "INVALID_PAYLOAD" },
    { name: "check order: a dead non-admin's admin command is FORBIDDEN", setup: (c) => kill(c), send: ["admin:xp", { skill: "attack", xp: 1 }], expect: "FORBIDDEN" },
    { name: "check order: a dead non-admin's command is DEAD", setup: (c) => kill(c), send: ["inventory:move", { from: 0, to: 0 }], expect: "DEAD" },
    { name: "check order: a non-admin's malformed admin command is INVALID_PAYLOAD", send: ["admin:damage", { amount: "lots" }], expect: "INVALID_PAYLOAD" },
  );

  // ---- unknown types ----
  // (An empty type is left out: the Colyseus wire format decodes "" as a number, so it arrives as undefined.)
  for (const type of ["fly", "MOVE", "admin:kick", "inventory:", "toString", "__proto__", "constructor"]) {
    rows.push({ name: `unknown type ${JSON.stringify(type)} is INVALID_PAYLOAD`, send: [type, {}], expect: "INVALID_PAYLOAD" });
  }

  before(async function () {
    this.timeout(120_000);
    server = await startTestServer({ ADMIN_USERNAMES: adminNames.join(","), RESPAWN_DELAY_MS: "60000" });
    // Registration hashes a password (scrypt, off the main thread): register the table's accounts in parallel.
    const admins = rows.filter((r) => r.admin).length + 6;
    const players = rows.filter((r) => !r.admin).length + 30;
    const jobs: Array<() => Promise<void>> = [
      ...Array.from({ length: admins }, () => async () => void pool.admin.push(await registerPlayer(server, adminNames[adminsUsed++]))),
      ...Array.from({ length: players }, () => async () => void pool.player.push(await registerPlayer(server))),
    ];
    await Promise.all(Array.from({ length: 6 }, async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) await job();
    }));
  });
  after(async () => server?.close());

  // ---- cooldowns: RATE_LIMITED with retryAfterMs; a refused command spends none ----
  interface CooldownRow {
    type: string;
    admin?: boolean;
    setup?: (c: Ctx) => Promise<void>;
    first: Payload | ((c: Ctx) => Payload);
    second: Payload | ((c: Ctx) => Payload);
  }
  const cooldownRows: CooldownRow[] = [
    { type: "move", first: { dir: "right" }, second: { dir: "right" } },
    { type: "inventory:move", first: { from: 0, to: 5 }, second: { from: 5, to: 6 } },
    { type: "inventory:drop", first: { slot: 3, quantity: 1 }, second: { slot: 3, quantity: 1 } },
    {
      type: "ground:pickup",
      setup: async (c) => {
        await dropBread(c, 1);
        c.vars.g1 = c.vars.g!;
        await dropBread(c, 1);
      },
      first: (c) => ({ id: c.vars.g1 }),
      second: (c) => ({ id: c.vars.g }),
    },
    { type: "equip", first: { slot: 0 }, second: { slot: 1 } },
    {
      type: "unequip",
      setup: async (c) => {
        await c.must("equip", { slot: 0 });
        await c.must("equip", { slot: 1 });
      },
      first: { slot: "weapon" },
      second: { slot: "shield" },
    },
    { type: "admin:give", admin: true, first: { itemId: ID.coins, quantity: 1 }, second: { itemId: ID.coins, quantity: 2 } },
    { type: "admin:damage", admin: true, first: { amount: 1 }, second: { amount: 1 } },
    { type: "admin:xp", admin: true, first: { skill: "attack", xp: 1 }, second: { skill: "attack", xp: 1 } },
    { type: "admin:teleport", admin: true, first: { x: 40, y: 40 }, second: { x: 41, y: 41 } },
  ];
  for (const row of cooldownRows) {
    it(`${row.type}: a second one within the cooldown -> RATE_LIMITED with retryAfterMs; after that wait it succeeds`, async () => {
      const { ctx, close: closeAll } = await newCtx(row.admin ?? false);
      try {
        await row.setup?.(ctx);
        const payloadOf = (p: CooldownRow["first"]) => (typeof p === "function" ? p(ctx) : p);
        // Sent back to back: the first takes the cooldown as it is received.
        const [first, second] = await Promise.all([exchange(ctx.me, row.type, payloadOf(row.first)), exchange(ctx.me, row.type, payloadOf(row.second))]);
        assert.equal(first.result.ok, true, JSON.stringify(first.result));
        assert.equal(codeOf(second.result), "RATE_LIMITED", JSON.stringify(second.result));
        const retryAfterMs = (second.result as { retryAfterMs: number }).retryAfterMs;
        assert.ok(Number.isInteger(retryAfterMs) && retryAfterMs > 0 && retryAfterMs <= cooldownOf(row.type), `retryAfterMs ${retryAfterMs}`);
        await sleep(50);
        assert.deepEqual(ownOf(ctx.me), first.seen.own, "the refused one changed nothing");
        // The refusal did not restart the cooldown: retryAfterMs later the same command is accepted.
        await sleep(retryAfterMs + 5);
        const again = await exchange(ctx.me, row.type, payloadOf(row.second));
        assert.equal(again.result.ok, true, JSON.stringify(again.result));
      } finally {
        closeAll();
      }
    });
  }

  interface RefusedRow {
    type: string;
    admin?: boolean;
    setup?: (c: Ctx) => Promise<void>;
    refused: Payload;
    code: string;
    valid: Payload | ((c: Ctx) => Payload);
  }
  const refusedRows: RefusedRow[] = [
    { type: "move", refused: { dir: "sideways" }, code: "INVALID_PAYLOAD", valid: { dir: "left" } },
    {
      type: "move", admin: true,
      setup: async (c) => void (await c.must("admin:teleport", { x: 1, y: 32 })),
      refused: { dir: "left" }, code: "BLOCKED", valid: { dir: "right" },
    },
    { type: "inventory:move", refused: { from: 10, to: 11 }, code: "SLOT_EMPTY", valid: { from: 0, to: 10 } },
    { type: "inventory:move", refused: { from: 0, to: 28 }, code: "INVALID_SLOT", valid: { from: 0, to: 27 } },
    { type: "inventory:drop", refused: { slot: 3, quantity: 99 }, code: "INVALID_PAYLOAD", valid: { slot: 3, quantity: 1 } },
    { type: "ground:pickup", setup: (c) => dropBread(c), refused: { id: 2_000_000_001 }, code: "NOT_FOUND", valid: (c) => ({ id: c.vars.g }) },
    { type: "equip", refused: { slot: 2 }, code: "NOT_EQUIPABLE", valid: { slot: 0 } },
    { type: "unequip", setup: async (c) => void (await c.must("equip", { slot: 0 })), refused: { slot: "head" }, code: "SLOT_EMPTY", valid: { slot: "weapon" } },
    { type: "admin:give", admin: true, refused: { itemId: MISSING_ITEM_ID, quantity: 1 }, code: "NOT_FOUND", valid: { itemId: ID.coins, quantity: 1 } },
    { type: "admin:give", admin: true, refused: { itemId: ID.helm, quantity: 25 }, code: "INVENTORY_FULL", valid: { itemId: ID.helm, quantity: 24 } },
    { type: "admin:damage", admin: true, refused: { amount: 1, username: UNKNOWN_USER }, code: "NOT_FOUND", valid: { amount: 1 } },
    { type: "admin:xp", admin: true, refused: { skill: "attack", xp: 1, username: UNKNOWN_USER }, code: "NOT_FOUND", valid: { skill: "attack", xp: 1 } },
    { type: "admin:teleport", admin: true, refused: { x: 0, y: 0 }, code: "BLOCKED", valid: { x: 40, y: 40 } },
  ];
  for (const row of refusedRows) {
    it(`${row.type}: a refused one (${row.code}) spends no cooldown: the next is accepted at once`, async () => {
      const { ctx, close: closeAll } = await newCtx(row.admin ?? false);
      try {
        await row.setup?.(ctx);
        await sleep(cooldownOf(row.type) + 5); // whatever the setup spent is over
        const refused = await exchange(ctx.me, row.type, row.refused);
        assert.equal(codeOf(refused.result), row.code, JSON.stringify(refused.result));
        const valid = await exchange(ctx.me, row.type, typeof row.valid === "function" ? row.valid(ctx) : row.valid);
        assert.equal(valid.result.ok, true, JSON.stringify(valid.result));
      } finally {
        closeAll();
      }
    });
  }

  it("keeps one cooldown per command type: different types back to back are all accepted", async () => {
    const { ctx, close: closeAll } = await newCtx(true);
    try {
      const answers = await Promise.all([
        exchange(ctx.me, "move", { dir: "down" }),
        exchange(ctx.me, "inventory:move", { from: 3, to: 8 }),
        exchange(ctx.me, "equip", { slot: 0 }),
        exchange(ctx.me, "admin:xp", { skill: "cooking", xp: 5 }),
        exchange(ctx.me, "admin:give", { itemId: ID.coins, quantity: 5 }),
      ]);
      assert.deepEqual(answers.map((a) => codeOf(a.result)), ["ok", "ok", "ok", "ok", "ok"]);
    } finally {
      closeAll();
    }
  });

  it("checks the payload before the cooldown, and the cooldown before the rule", async () => {
    const { ctx, close: closeAll } = await newCtx(false);
    try {
      // Each pair is sent back to back, so the second arrives within the first one's cooldown.
      const [move, malformed] = await Promise.all([exchange(ctx.me, "move", { dir: "down" }), exchange(ctx.me, "move", { dir: "down", run: true })]);
      assert.deepEqual([codeOf(move.result), codeOf(malformed.result)], ["ok", "INVALID_PAYLOAD"]);
      const [noop, empty] = await Promise.all([exchange(ctx.me, "inventory:move", { from: 0, to: 0 }), exchange(ctx.me, "inventory:move", { from: 20, to: 21 })]);
      assert.deepEqual([codeOf(noop.result), codeOf(empty.result)], ["ok", "RATE_LIMITED"], "RATE_LIMITED, not SLOT_EMPTY");
    } finally {
      closeAll();
    }
  });

  it("answers DEAD, not RATE_LIMITED, to a dead player's repeated commands", async () => {
    const { ctx, close: closeAll } = await newCtx(true);
    try {
      await kill(ctx);
      const answers = await Promise.all([1, 2, 3].map(() => exchange(ctx.me, "move", { dir: "up" })));
      assert.deepEqual(answers.map((a) => codeOf(a.result)), ["DEAD", "DEAD", "DEAD"]);
    } finally {
      closeAll();
    }
  });

  // ---- seq ----
  it("echoes seq: a non-negative integer as sent, anything else (or none) as null", async () => {
    const { ctx, close: closeAll } = await newCtx(false);
    try {
      const cases: Array<[label: string, seq: unknown, expected: number | null]> = [
        ["0", 0, 0],
        ["7", 7, 7],
        ["2^31", 2 ** 31, 2 ** 31],
        ["MAX_SAFE_INTEGER", Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
        ["absent", undefined, null],
        ["-1", -1, null],
        ["1.5", 1.5, null],
        ["2^53", 2 ** 53, null],
        ["NaN", NaN, null],
        ["Infinity", Infinity, null],
        ['"7"', "7", null],
        ["null", null, null],
        ["true", true, null],
        ["[7]", [7], null],
        ["{n: 7}", { n: 7 }, null],
      ];
      for (const [label, seq, expected] of cases) {
        // A no-op inventory:move succeeds: a bad seq is ignored, it does not make the payload invalid.
        await sleep(cooldownOf("inventory:move") + 5);
        const result = await sendRaw(ctx.me, "inventory:move", seq === undefined ? { from: 0, to: 0 } : { from: 0, to: 0, seq });
        assert.deepEqual([result.type, result.ok, result.seq], ["inventory:move", true, expected], `seq ${label}: ${JSON.stringify(result)}`);
      }
      // Failures echo it too.
      const bad = await sendRaw(ctx.me, "move", { dir: "nowhere", seq: 42 });
      assert.deepEqual([bad.seq, bad.type, codeOf(bad)], [42, "move", "INVALID_PAYLOAD"]);
      const unknown = await sendRaw(ctx.me, "teleport", { seq: 43 });
      assert.deepEqual([unknown.seq, unknown.type, codeOf(unknown)], [43, "teleport", "INVALID_PAYLOAD"]);
      // A payload that is no object has no seq.
      for (const payload of ["up", 5, [1, 2], null, true, undefined]) {
        const result = await sendRaw(ctx.me, "move", payload);
        assert.deepEqual([result.seq, result.type, codeOf(result)], [null, "move", "INVALID_PAYLOAD"], `payload ${JSON.stringify(payload)}`);
      }
      assert.deepEqual(ownOf(ctx.me).inventory, STARTER);
      assert.ok(ctx.me.room.connection.isOpen, "the connection stays");
    } finally {
      closeAll();
    }
  });

  // ---- the result after the store, never ahead of the patch ----
  it("sends each result after the change is stored in Valkey and after the patch that shows it", async () => {
    const { ctx, close: closeAll } = await newCtx(true);
    const gsm = server.runtime.gsm!;
    try {
      const steps: Array<[string, Payload, (o: Own) => boolean]> = [
        ["move", { dir: "right" }, (o) => o.x === SPAWN.x + 1],
        ["inventory:move", { from: 1, to: 9 }, (o) => o.inventory[9]?.[0] === ID.woodenShield && !o.inventory[1]],
        ["equip", { slot: 0 }, (o) => o.equipment.weapon?.[0] === ID.dagger && !o.inventory[0]],
        ["unequip", { slot: "weapon" }, (o) => !o.equipment.weapon && o.inventory[0]?.[0] === ID.dagger],
        ["inventory:drop", { slot: 3, quantity: 2 }, (o) => o.inventory[3]?.[1] === 3],
        ["admin:give", { itemId: ID.coins, quantity: 75 }, (o) => o.inventory[2]?.[1] === 100],
        ["admin:damage", { amount: 4 }, (o) => o.hp === 6],
        ["admin:xp", { skill: "defence", xp: 83 }, (o) => o.skills.defence?.[0] === 2],
        ["admin:teleport", { x: 38, y: 36 }, (o) => o.x === 38 && o.y === 36],
      ];
      for (const [type, payload, shows] of steps) {
        const { result, seen } = await send(ctx.me, type, payload);
        assert.equal(result.ok, true, JSON.stringify(result));
        assert.ok(shows(seen.own!), `${type}: the client's state at the result shows the change: ${JSON.stringify(seen.own)}`);
        const stored = (await gsm.readPlayer(ctx.me.id))!;
        const inventory = Object.fromEntries([...stored.inventory].map(([k, v]) => [String(k), [v.itemId, v.quantity]]));
        const equipment = Object.fromEntries([...stored.equipment].map(([k, v]) => [k, [v.itemId, v.quantity]]));
        assert.deepEqual(
          { x: stored.position.x, y: stored.position.y, hp: stored.hp.currentHp, inventory, equipment },
          { x: seen.own!.x, y: seen.own!.y, hp: seen.own!.hp, inventory: seen.own!.inventory, equipment: seen.own!.equipment },
          `${type}: stored state = shown state`,
        );
      }
      // A ground item a drop made is in the client's state when the drop's result arrives.
      const { result, seen } = await send(ctx.me, "inventory:drop", { slot: 2, quantity: 1 });
      const id = (result as { data: { groundItemId: number } }).data.groundItemId;
      assert.deepEqual(seen.ground[String(id)], { itemId: ID.coins, quantity: 1, x: 38, y: 36 });
    } finally {
      closeAll();
    }
  });

  for (const row of rows) {
    const [type, payloadOf] = row.send;
    it(`${type}: ${row.name}${row.expect === "ok" ? "" : ` -> ${row.expect}`}`, async () => {
      const { ctx, close: closeAll } = await newCtx(row.admin ?? false);
      try {
        await row.setup?.(ctx);
        const payload = typeof payloadOf === "function" ? payloadOf(ctx) : payloadOf;
        const before = seenBy(ctx.me);
        const { result, seen } = await send(ctx.me, type, payload);
        assert.equal(result.type, type);
        if (row.expect === "ok") {
          assert.equal(result.ok, true, JSON.stringify(result));
          if (typeof row.data === "function") (row.data as (d: unknown) => void)((result as { data?: unknown }).data);
          else if (row.data !== undefined) assert.deepEqual((result as { data?: unknown }).data, row.data);
        } else {
          assert.equal(codeOf(result), row.expect, JSON.stringify(result));
          assert.ok(!result.ok && typeof result.message === "string" && result.message.length > 0);
          if (row.expect === "RATE_LIMITED") assert.ok(!result.ok && result.retryAfterMs! > 0);
          else assert.equal((result as { retryAfterMs?: number }).retryAfterMs, undefined);
          assert.deepEqual(seen.own, before.own, "a refused command changes nothing");
        }
        await row.check?.(ctx, seen, before, result);
      } finally {
        closeAll();
      }
    });
  }
});

describe("MapRoom commands: death and respawn", function () {
  this.timeout(60_000);
  const respawnDelayMs = 1_500;
  before(async () => {
    pool.admin.length = 0;
    pool.player.length = 0;
    server = await startTestServer({ ADMIN_USERNAMES: adminNames.join(","), RESPAWN_DELAY_MS: String(respawnDelayMs) });
  });
  after(async () => server?.close());

  it("refuses a dead player's commands with DEAD, respawns it at the spawn with full HP, and keeps its items on the death tile", async () => {
    const me = await actor(true);
    try {
      await must(me, "admin:teleport", { x: 36, y: 37 });
      await must(me, "equip", { slot: 0 });
      await must(me, "admin:damage", { amount: 4 });
      await must(me, "admin:damage", { amount: 1_000 });
      const diedAt = Date.now();
      const dead = ownOf(me);
      assert.deepEqual([dead.dead, dead.hp, dead.x, dead.y, dead.inventory, dead.equipment], [true, 0, 36, 37, {}, {}]);
      const drops = [...me.room.state.groundItems.values()].filter((g) => g.x === 36 && g.y === 37);
      assert.deepEqual(drops.map((g) => [g.itemId, g.quantity]).sort(), Object.values(STARTER).sort());

      for (const [type, payload] of [["move", { dir: "up" }], ["equip", { slot: 0 }], ["ground:pickup", { id: drops[0]!.id }], ["admin:give", { itemId: ID.coins, quantity: 1 }]] as const) {
        const { result } = await exchange(me, type, payload);
        assert.equal(codeOf(result), "DEAD", `${type}: ${JSON.stringify(result)}`);
      }

      await waitFor(() => own(me)?.dead === false, "respawned", respawnDelayMs + 5_000);
      assert.ok(Date.now() - diedAt >= respawnDelayMs - 300, "not respawned before RESPAWN_DELAY_MS");
      const alive = ownOf(me);
      assert.deepEqual([alive.x, alive.y, alive.hp, alive.maxHp], [SPAWN.x, SPAWN.y, 10, 10]);

      // Alive again: commands work, and the protected drops wait for their owner on the death tile.
      await must(me, "admin:teleport", { x: 36, y: 37 });
      for (const drop of drops) await must(me, "ground:pickup", { id: drop.id });
      const back = Object.values(ownOf(me).inventory).sort();
      assert.deepEqual(back, Object.values(STARTER).sort(), "item conservation over death");
    } finally {
      await close(me);
    }
  });
});
