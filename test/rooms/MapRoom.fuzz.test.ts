import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { COMMAND_TYPES, type CommandResult, type CommandType } from "../../src/protocol/index.js";
import { COMBAT_STYLES, EQUIPMENT_SLOTS, SKILL_NAMES } from "../../src/state/types.js";
import { ITEM_CATALOGUE } from "../../src/content/itemCatalogue.js";
import { joinMap, registerPlayer, startTestServer, waitFor, type MapRoomClient, type TestServer } from "../support/server.js";

/**
 * Seeded fuzzing of the command boundary through real SDK clients: well over 1,000 malformed (or
 * valid-shaped but refused) messages of every known type and of unknown types, spread over several clients
 * that each stay under the 30 messages per second limit. Every message gets exactly one `result` with the
 * expected protocol code, nothing succeeds, nobody is disconnected, the server keeps answering, and no
 * player's state changed. FUZZ_SEED=<n> replays a run.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
const CLIENTS = 10;
const ADMIN_CLIENTS = 2; // admins get no FORBIDDEN shortcut: their admin:* payloads reach the later checks
const MESSAGES_PER_CLIENT = 120;
const SEND_GAP_MS = 50; // ~20 messages per second per client, under the server's 30
const MAX_PAYLOAD_BYTES = 3_000; // under the transport's 4 KB limit
const TIME_BUDGET_MS = 45_000;

/** xorshift32: small, fast and reproducible from a seed. */
function prng(seed: number) {
  let s = seed >>> 0 || 0x9e3779b9;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4_294_967_296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

type Kind =
  | "int" | "posint" | "dir" | "skill" | "slotName" | "username" | "mapId" | "style" | "npcKind" | "channel" | "text" | "minutes" | "reason";
interface Shape {
  required: Record<string, Kind>;
  optional: Record<string, Kind>;
}
/** The payload shapes of PROTOCOL.md (besides `seq`). */
const SHAPES: Record<CommandType, Shape> = {
  move: { required: { dir: "dir" }, optional: {} },
  "inventory:move": { required: { from: "int", to: "int" }, optional: {} },
  "inventory:drop": { required: { slot: "int" }, optional: { quantity: "int" } },
  "ground:pickup": { required: { id: "int" }, optional: {} },
  equip: { required: { slot: "int" }, optional: {} },
  unequip: { required: { slot: "slotName" }, optional: {} },
  // Exactly one of the two (the schema refuses neither and both): modelled as two optional fields.
  attack: { required: {}, optional: { npcId: "int", playerId: "int" } },
  "attack:stop": { required: {}, optional: {} },
  "combat:style": { required: { style: "style" }, optional: {} },
  eat: { required: { slot: "int" }, optional: {} },
  "bank:deposit": { required: { slot: "int" }, optional: { quantity: "int" } },
  "bank:depositAll": { required: {}, optional: {} },
  "bank:withdraw": { required: { bankSlot: "int" }, optional: { quantity: "int" } },
  "bank:move": { required: { from: "int", to: "int" }, optional: {} },
  "shop:buy": { required: { npcId: "int", itemId: "int", quantity: "posint" }, optional: {} },
  "shop:sell": { required: { npcId: "int", slot: "int" }, optional: { quantity: "int" } },
  "trade:request": { required: { playerId: "int" }, optional: {} },
  "trade:accept": { required: { playerId: "int" }, optional: {} },
  "trade:offer": { required: { slot: "int" }, optional: { quantity: "int" } },
  "trade:withdraw": { required: { index: "int" }, optional: { quantity: "int" } },
  "trade:confirm": { required: {}, optional: {} },
  "trade:cancel": { required: {}, optional: {} },
  "admin:spawn": { required: { kind: "npcKind" }, optional: { x: "int", y: "int" } },
  gather: { required: { resourceId: "int" }, optional: {} },
  cook: { required: { slot: "int", resourceId: "int" }, optional: {} },
  chat: { required: { channel: "channel", text: "text" }, optional: { to: "username" } },
  "mod:mute": { required: { username: "username", minutes: "minutes" }, optional: {} },
  "mod:unmute": { required: { username: "username" }, optional: {} },
  "mod:kick": { required: { username: "username" }, optional: { reason: "reason" } },
  "admin:announce": { required: { text: "text" }, optional: {} },
  "admin:give": { required: { itemId: "int", quantity: "posint" }, optional: { username: "username" } },
  "admin:damage": { required: { amount: "posint" }, optional: { username: "username" } },
  "admin:xp": { required: { skill: "skill", xp: "posint" }, optional: { username: "username" } },
  "admin:teleport": { required: { x: "int", y: "int" }, optional: { mapId: "mapId", username: "username" } },
};
const DIRS = ["up", "down", "left", "right"];

const UNICODE = ["é", "ß", "ж", "中", "🙂", "\u0000", "\n", "\t", "\u202e", "'", '"', "\\", "%s", "${x}", "<b>", "*", ":"];
/** At most `maxLength` UTF-16 code units (what the schema's string lengths count). */
function randomString(r: Rng, maxLength = 24): string {
  const length = r.int(0, maxLength);
  let s = "";
  while (s.length < length) {
    const c = r.chance(0.15) ? r.pick(UNICODE) : String.fromCharCode(r.int(0x20, 0x7e));
    if (s.length + c.length > length) break;
    s += c;
  }
  return s;
}

const NOT_INTEGERS: unknown[] = [0.5, -0.5, 1.5, 27.9, -1.000001, 1e-9, NaN, Infinity, -Infinity, 2 ** 53, 2 ** 53 + 2, 2 ** 64, -(2 ** 60), 1e300, -1e300, Number.MAX_VALUE];

/** Any value at all (bounded size): numbers of every sort, strings, booleans, null, arrays, objects, bytes, dates. */
function junk(r: Rng, depth = 0): unknown {
  const roll = r.int(0, depth >= 3 ? 8 : 11);
  switch (roll) {
    case 0: return r.int(-1_000_000, 1_000_000);
    case 1: return r.pick(NOT_INTEGERS);
    case 2: return randomString(r);
    case 3: return r.chance(0.5);
    case 4: return null;
    case 5: return r.chance(0.5) ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER;
    case 6: return new Uint8Array(r.int(0, 16)).map(() => r.int(0, 255));
    case 7: return new Date(r.int(0, 2_000_000_000) * 1000);
    case 8: return "x".repeat(r.int(30, 400));
    case 9: return Array.from({ length: r.int(0, 4) }, () => junk(r, depth + 1));
    case 10: return Object.fromEntries(Array.from({ length: r.int(0, 4) }, () => [extraKey(r), junk(r, depth + 1)]));
    default: { // deep nesting
      let v: unknown = junk(r, 3);
      for (let i = r.int(1, 12); i > 0; i--) v = r.chance(0.5) ? [v] : { n: v };
      return v;
    }
  }
}

/** A key that no payload shape has (never `seq`, never `__proto__`). */
function extraKey(r: Rng): string {
  const known = new Set(["seq", "__proto__", ...Object.values(SHAPES).flatMap((s) => [...Object.keys(s.required), ...Object.keys(s.optional)])]);
  for (;;) {
    const key = r.pick(["speed", "steps", "x2", "admin", "role", "dmg", "constructor", "prototype", "toString", "", " dir", "Dir", "SLOT", "id ", "hp", randomString(r, 12)]);
    if (!known.has(key)) return key;
  }
}

/** A value that passes the schema for `kind`. */
function validValue(r: Rng, kind: Kind): unknown {
  switch (kind) {
    case "int": return r.pick([r.int(0, 40), r.int(-50, -1), r.int(1, 2 ** 31), Number.MAX_SAFE_INTEGER]);
    case "posint": return r.pick([1, r.int(1, 1_000), r.int(1, 2 ** 31)]);
    case "dir": return r.pick(DIRS);
    case "skill": return r.pick(SKILL_NAMES);
    case "slotName": return r.chance(0.5) ? r.pick(EQUIPMENT_SLOTS) : randomString(r, 32);
    case "username": return unknownUsername(r);
    case "mapId": return r.pick(["town", "forest", "nowhere", "x".repeat(64)]);
    case "style": return r.pick(COMBAT_STYLES);
    case "npcKind": return r.pick(["chicken", "goblin", "dragon", "k".repeat(64)]);
    case "channel": return r.pick(["local", "global", "dm"]);
    case "text": return randomString(r, 40);
    case "minutes": return r.pick([1, r.int(1, 10_080), 10_080]);
    case "reason": return randomString(r, 200);
  }
}

/** A value that the schema for `kind` refuses. */
function invalidValue(r: Rng, kind: Kind): unknown {
  const nonNumber = () => r.pick<unknown>([randomString(r), "1", "0", "", true, false, null, [1], [], {}, { value: 1 }, new Uint8Array([1, 2]), new Date(0), junk(r, 2)]);
  const nonString = () => r.pick<unknown>([r.int(-5, 5), 1.5, NaN, true, null, [], ["up"], {}, { dir: "up" }, new Uint8Array([117, 112])]);
  for (;;) {
    let v: unknown;
    switch (kind) {
      case "int": v = r.chance(0.5) ? r.pick(NOT_INTEGERS) : nonNumber(); break;
      case "posint": v = r.pick([() => r.pick(NOT_INTEGERS), nonNumber, () => r.pick([0, -1, -(2 ** 31), r.int(-1_000_000, 0)])])(); break;
      case "dir": v = r.chance(0.5) ? nonString() : r.pick(["UP", "Up", " up", "up ", "north", "", "upp", "u", "left\u0000", randomString(r)]); break;
      case "skill": v = r.chance(0.5) ? nonString() : r.pick(["Attack", "ATTACK", "hp", "flying", "", "attack ", randomString(r)]); break;
      case "slotName": v = r.chance(0.5) ? nonString() : "w".repeat(r.int(33, 200)); break;
      case "username": v = r.chance(0.5) ? nonString() : r.pick(["", "n".repeat(r.int(33, 200))]); break;
      case "mapId": v = r.chance(0.5) ? nonString() : r.pick(["", "m".repeat(r.int(65, 300))]); break;
      case "style": v = r.chance(0.5) ? nonString() : r.pick(["Accurate", "rapid", "", randomString(r)]); break;
      case "npcKind": v = r.chance(0.5) ? nonString() : r.pick(["", "n".repeat(r.int(65, 300))]); break;
      case "channel": v = r.chance(0.5) ? nonString() : r.pick(["system", "Local", "GLOBAL", "", "dm ", "whisper", randomString(r)]); break;
      case "text": v = nonString(); break;
      case "minutes": v = r.pick([() => r.pick(NOT_INTEGERS), nonNumber, () => r.pick([0, -1, 10_081, r.int(10_081, 2 ** 31)])])(); break;
      case "reason": v = r.chance(0.5) ? nonString() : "r".repeat(r.int(201, 400)); break;
    }
    if (!isValid(kind, v)) return v;
  }
}

/** The schema's rule for one field kind, to make sure a generated "invalid" value really is. */
function isValid(kind: Kind, v: unknown): boolean {
  const isInt = typeof v === "number" && Number.isSafeInteger(v);
  switch (kind) {
    case "int": return isInt;
    case "posint": return isInt && v >= 1;
    case "dir": return typeof v === "string" && DIRS.includes(v);
    case "skill": return typeof v === "string" && (SKILL_NAMES as readonly string[]).includes(v);
    case "slotName": return typeof v === "string" && v.length <= 32;
    case "username": return typeof v === "string" && v.length >= 1 && v.length <= 32;
    case "mapId": return typeof v === "string" && v.length >= 1 && v.length <= 64;
    case "style": return typeof v === "string" && (COMBAT_STYLES as readonly string[]).includes(v);
    case "npcKind": return typeof v === "string" && v.length >= 1 && v.length <= 64;
    case "channel": return typeof v === "string" && ["local", "global", "dm"].includes(v);
    case "text": return typeof v === "string";
    case "minutes": return typeof v === "number" && Number.isSafeInteger(v) && v >= 1 && v <= 10_080;
    case "reason": return typeof v === "string" && v.length <= 200;
  }
}

let unknownCounter = 0;
const unknownUsername = (r: Rng) => `nx_${r.int(0, 1e9).toString(36)}_${unknownCounter++}`.slice(0, 32);
const ITEM_IDS = new Set(ITEM_CATALOGUE.map((i) => i.id));

interface Message {
  type: string | number;
  /** `undefined` sends no payload at all. */
  payload: unknown;
  /** The seq the result must echo (null: none or an invalid one was sent). */
  seq: number | null;
  /** Protocol codes the result may carry. */
  codes: ReadonlySet<string>;
  what: string;
}

const INVALID = new Set(["INVALID_PAYLOAD"]);
const refused = (...codes: string[]) => new Set([...codes, "RATE_LIMITED"]); // a valid-shaped command still meets the cooldown check

/** A payload of `type` that fails the schema in at least one way. */
function malformed(r: Rng, type: CommandType): { payload: Record<string, unknown>; what: string } {
  const shape = SHAPES[type];
  const payload: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(shape.required)) payload[key] = validValue(r, kind);
  for (const [key, kind] of Object.entries(shape.optional)) if (r.chance(0.4)) payload[key] = validValue(r, kind);
  const whats: string[] = [];
  const mutations = r.int(1, 3);
  for (let m = 0; m < mutations; m++) {
    const requiredKeys = Object.keys(shape.required);
    const optionalKeys = Object.keys(shape.optional);
    // Types without required fields can only be broken by a bad or an unknown field.
    const mutation = requiredKeys.length > 0 ? r.int(0, 3) : optionalKeys.length > 0 ? r.pick([1, 3]) : 3;
    switch (mutation) {
      case 0: { // a required field of the wrong type or out of range
        const key = r.pick(requiredKeys);
        payload[key] = invalidValue(r, shape.required[key]!);
        whats.push(`bad ${key}`);
        break;
      }
      case 1: { // a bad optional field (or, when there is none, a bad required one)
        const key = optionalKeys.length > 0 ? r.pick(optionalKeys) : r.pick(requiredKeys);
        payload[key] = invalidValue(r, (shape.optional[key] ?? shape.required[key])!);
        whats.push(`bad ${key}`);
        break;
      }
      case 2: { // a missing field
        const key = r.pick(requiredKeys);
        delete payload[key];
        whats.push(`no ${key}`);
        break;
      }
      default: { // an unknown field
        const key = extraKey(r);
        payload[key] = junk(r, 1);
        whats.push(`extra ${JSON.stringify(key)}`);
      }
    }
  }
  return { payload, what: whats.join(", ") };
}

/**
 * A payload of `type` that passes the schema but that the rules refuse for a new player (starter kit in
 * slots 0..3, nothing equipped) without changing anything; null when the type has none.
 */
function refusedValidShape(r: Rng, type: CommandType, admin: boolean): { payload: Record<string, unknown>; codes: Set<string>; what: string } | null {
  const outOfRange = () => (r.chance(0.5) ? r.int(28, 2 ** 31) : r.int(-(2 ** 31), -1));
  if (type.startsWith("admin:") && !admin) {
    const p = malformedFree(r, type);
    return { payload: p, codes: refused("FORBIDDEN"), what: "admin command from a player" };
  }
  if (type.startsWith("mod:") && !admin) {
    const p = malformedFree(r, type);
    return { payload: p, codes: refused("FORBIDDEN"), what: "moderator command from a player" };
  }
  // Text that the chat rules refuse: empty after trimming, a control character, or over 200 characters.
  const badText = () => r.pick(["", "   ", "\u3000 \u00a0", `a\tb`, `line\nbreak`, "\u0007", "🙂".repeat(201), "x".repeat(r.int(201, 400))]);
  switch (type) {
    case "inventory:move":
      return r.chance(0.5)
        ? { payload: { from: outOfRange(), to: r.int(0, 27) }, codes: refused("INVALID_SLOT"), what: "from out of range" }
        : { payload: { from: r.int(0, 27), to: outOfRange() }, codes: refused("INVALID_SLOT"), what: "to out of range" };
    case "inventory:drop":
      switch (r.int(0, 2)) {
        case 0: return { payload: { slot: outOfRange(), ...(r.chance(0.5) ? { quantity: r.int(-5, 5) } : {}) }, codes: refused("INVALID_SLOT"), what: "slot out of range" };
        case 1: return { payload: { slot: r.int(0, 27), quantity: r.int(-(2 ** 31), 0) }, codes: refused("INVALID_PAYLOAD"), what: "quantity < 1" };
        default: return { payload: { slot: r.int(4, 27) }, codes: refused("SLOT_EMPTY"), what: "empty slot" };
      }
    case "ground:pickup":
      return { payload: { id: r.chance(0.5) ? r.int(1e9, Number.MAX_SAFE_INTEGER) : r.int(-(2 ** 40), 0) }, codes: refused("NOT_FOUND"), what: "no such ground item" };
    case "equip":
      switch (r.int(0, 2)) {
        case 0: return { payload: { slot: outOfRange() }, codes: refused("INVALID_SLOT"), what: "slot out of range" };
        case 1: return { payload: { slot: r.int(4, 27) }, codes: refused("SLOT_EMPTY"), what: "empty slot" };
        default: return { payload: { slot: r.int(2, 3) }, codes: refused("NOT_EQUIPABLE"), what: "coins or bread" };
      }
    case "unequip": {
      if (r.chance(0.5)) return { payload: { slot: r.pick(EQUIPMENT_SLOTS) }, codes: refused("SLOT_EMPTY"), what: "nothing equipped" };
      let name = randomString(r, 32);
      while ((EQUIPMENT_SLOTS as readonly string[]).includes(name)) name = randomString(r, 32);
      return { payload: { slot: name }, codes: refused("INVALID_SLOT"), what: "unknown slot name" };
    }
    case "chat":
      return r.chance(0.5)
        ? { payload: { channel: r.pick(["local", "global"]), text: badText() }, codes: refused("INVALID_PAYLOAD"), what: "bad text" }
        : { payload: { channel: "dm", text: `hi ${[...randomString(r, 20)].filter((c) => c.charCodeAt(0) >= 0x20).join("")}x`, to: unknownUsername(r) }, codes: refused("NOT_FOUND"), what: "dm to nobody online" };
    case "mod:mute":
      return { payload: { username: unknownUsername(r), minutes: r.int(1, 10_080) }, codes: refused("NOT_FOUND"), what: "unknown user" };
    case "mod:unmute":
      return { payload: { username: unknownUsername(r) }, codes: refused("NOT_FOUND"), what: "unknown user" };
    case "mod:kick":
      return { payload: { username: unknownUsername(r), ...(r.chance(0.5) ? { reason: randomString(r, 100) } : {}) }, codes: refused("NOT_FOUND"), what: "nobody online" };
    case "admin:announce":
      return { payload: { text: badText() }, codes: refused("INVALID_PAYLOAD"), what: "bad text" };
    case "admin:give":
      if (r.chance(0.5)) {
        let itemId = r.int(-1_000_000, 1_000_000);
        while (ITEM_IDS.has(itemId)) itemId = r.int(-1_000_000, 1_000_000);
        return { payload: { itemId, quantity: r.int(1, 100) }, codes: refused("NOT_FOUND"), what: "unknown item" };
      }
      return { payload: { itemId: r.pick([...ITEM_IDS]), quantity: r.int(1, 100), username: unknownUsername(r) }, codes: refused("NOT_FOUND"), what: "unknown user" };
    case "admin:damage":
      return { payload: { amount: r.int(1, 2 ** 31), username: unknownUsername(r) }, codes: refused("NOT_FOUND"), what: "unknown user" };
    case "admin:xp":
      return { payload: { skill: r.pick(SKILL_NAMES), xp: r.int(1, 2 ** 31), username: unknownUsername(r) }, codes: refused("NOT_FOUND"), what: "unknown user" };
    case "attack":
      return r.chance(0.5)
        ? { payload: { npcId: r.chance(0.5) ? r.int(100_000, 2 ** 31) : r.int(-(2 ** 31), 0) }, codes: refused("NOT_FOUND"), what: "no such NPC" }
        : { payload: { playerId: r.int(-(2 ** 31), 0) }, codes: refused("NOT_FOUND"), what: "no such player" };
    case "eat":
      switch (r.int(0, 2)) {
        case 0: return { payload: { slot: outOfRange() }, codes: refused("INVALID_SLOT"), what: "slot out of range" };
        case 1: return { payload: { slot: r.int(4, 27) }, codes: refused("SLOT_EMPTY"), what: "empty slot" };
        default: return { payload: { slot: r.int(0, 2) }, codes: refused("NOT_EDIBLE"), what: "dagger, shield or coins" };
      }
    case "admin:spawn":
      return r.chance(0.5)
        ? { payload: { kind: `no_kind_${r.int(0, 1e6)}` }, codes: refused("NOT_FOUND"), what: "unknown kind" }
        : { payload: { kind: "chicken", x: r.pick([0, 63, -1, 64, r.int(100, 2 ** 31)]), y: r.int(-5, 70) }, codes: refused("BLOCKED"), what: "blocked or outside" };
    case "admin:teleport":
      switch (r.int(0, 3)) {
        case 0:
        case 1: return { payload: { x: r.pick([0, 63, -1, 64, r.int(100, 2 ** 31)]), y: r.int(-5, 70) }, codes: refused("BLOCKED"), what: "blocked or outside" };
        case 2: return { payload: { x: r.int(1, 62), y: r.int(1, 62), mapId: `no_map_${r.int(0, 1e6)}` }, codes: refused("NOT_FOUND"), what: "unknown map" };
        default: return { payload: { x: r.int(1, 62), y: r.int(1, 62), username: unknownUsername(r) }, codes: refused("NOT_FOUND"), what: "unknown user" };
      }
    default:
      return null; // a valid move would move
  }
}

/** Any schema-valid payload of an admin type (a non-admin's is FORBIDDEN whatever it says). */
function malformedFree(r: Rng, type: CommandType): Record<string, unknown> {
  const shape = SHAPES[type];
  const payload: Record<string, unknown> = {};
  for (const [key, kind] of Object.entries(shape.required)) payload[key] = validValue(r, kind);
  for (const [key, kind] of Object.entries(shape.optional)) if (r.chance(0.5)) payload[key] = validValue(r, kind);
  return payload;
}

const UNKNOWN_TYPES = [
  "fly", "MOVE", "Move", "move ", " move", "moves", "admin", "admin:", "admin:kick", "admin:ban", "admin:heal", "inventory:",
  "inventory:sort", "inventory:move:", "ground:", "ground:drop", "equip:", "result", "transfer", "kicked", "toString",
  "__proto__", "constructor", "hasOwnProperty", "valueOf", "_$bmove", "__playground_message_types", "ḿove", "🙂", "a".repeat(120), // (the SDK cannot send a type over ~250 bytes)
];

function payloadBytes(payload: unknown): number {
  const json = JSON.stringify(payload, (_k, v: unknown) => (v instanceof Uint8Array ? "b".repeat(v.length + 5) : typeof v === "number" && !Number.isFinite(v) ? 1e308 : v));
  return json === undefined ? 0 : Buffer.byteLength(json);
}

/** One client's message list: seq numbers from `seqBase`, all refused, no valid-shaped command that could succeed. */
function generate(r: Rng, admin: boolean, seqBase: number, count: number): Message[] {
  const messages: Message[] = [];
  let seq = seqBase;
  while (messages.length < count) {
    // Admins get more valid-shaped admin commands: theirs reach the rules (NOT_FOUND, BLOCKED).
    const roll = admin && r.chance(0.5) ? 0.5 + r.next() * 0.2 : r.next();
    let message: Message;
    if (roll < 0.5) {
      const type = r.pick(COMMAND_TYPES);
      const { payload, what } = malformed(r, type);
      message = { type, payload, seq: null, codes: INVALID, what: `malformed ${type}: ${what}` };
    } else if (roll < 0.7) {
      const type = admin && r.chance(0.6) ? r.pick(COMMAND_TYPES.filter((t) => t.startsWith("admin:"))) : r.pick(COMMAND_TYPES);
      const shaped = refusedValidShape(r, type, admin);
      if (!shaped) continue;
      message = { type, payload: shaped.payload, seq: null, codes: shaped.codes, what: `${type}: ${shaped.what}` };
    } else if (roll < 0.82) {
      const type = r.pick(COMMAND_TYPES);
      const payload = r.pick<unknown>([undefined, null, "up", "", 0, 7, -1, 1.5, NaN, true, false, [], [1, 2], ["dir", "up"], [{ dir: "up" }], new Uint8Array([1]), junk(r, 2)]);
      if (typeof payload === "object" && payload !== null && !Array.isArray(payload) && !(payload instanceof Uint8Array) && !(payload instanceof Date)) continue;
      message = { type, payload, seq: null, codes: INVALID, what: `${type} with a non-object payload` };
    } else {
      const type = r.chance(0.8) ? r.pick(UNKNOWN_TYPES) : r.chance(0.5) ? randomString(r, 40) || "zz" : r.int(0, 100_000);
      if (type === "" || type === "*" || (COMMAND_TYPES as readonly (string | number)[]).includes(type)) continue;
      const payload = r.chance(0.7) ? { ...(r.chance(0.5) ? { dir: "up" } : {}), [extraKey(r)]: junk(r, 1) } : junk(r, 1);
      message = { type, payload, seq: null, codes: INVALID, what: `unknown type ${JSON.stringify(type).slice(0, 40)}` };
    }
    const isObject = typeof message.payload === "object" && message.payload !== null && !Array.isArray(message.payload) &&
      !(message.payload instanceof Uint8Array) && !(message.payload instanceof Date);
    if (isObject) {
      const valid = message.codes !== INVALID || r.chance(0.75); // a valid-shaped message always carries its seq
      const body = message.payload as Record<string, unknown>;
      if (valid) {
        message.seq = seq++;
        body.seq = message.seq;
      } else if (r.chance(0.5)) {
        body.seq = r.pick<unknown>([-1, 1.5, "5", null, NaN, 2 ** 53, [3], { seq: 3 }, true, -0.5]);
      }
    }
    if (payloadBytes(message.payload) > MAX_PAYLOAD_BYTES) continue;
    messages.push(message);
  }
  return messages;
}

interface Fuzzer {
  id: number;
  username: string;
  admin: boolean;
  room: MapRoomClient;
  results: CommandResult[];
  closed: boolean;
}

/** What the client shows of its own player (and what the store holds), to compare before and after. */
function ownState(f: Fuzzer) {
  const me = f.room.state.players.get(String(f.id))!;
  const personal = f.room.state.personal.get(String(f.id))!;
  const stacks = (m: Map<string, { itemId: number; quantity: number; durability: number }>) =>
    Object.fromEntries([...m.entries()].map(([k, s]) => [k, [s.itemId, s.quantity, s.durability]]));
  return {
    position: [me.x, me.y, me.facing],
    hp: [me.hp, me.maxHp, me.dead],
    inventory: stacks(personal.inventory),
    equipment: stacks(personal.equipment),
    skills: Object.fromEntries([...personal.skills.entries()].map(([k, s]: [string, { level: number; xp: number }]) => [k, [s.level, s.xp]])),
  };
}

async function storedState(server: TestServer, id: number) {
  const s = (await server.runtime.gsm!.readPlayer(id))!;
  return {
    position: [s.position.mapId, s.position.x, s.position.y],
    hp: [s.hp.currentHp, s.hp.maxHp],
    inventory: Object.fromEntries([...s.inventory].map(([k, v]) => [k, [v.itemId, v.quantity, v.durability]])),
    equipment: Object.fromEntries([...s.equipment].map(([k, v]) => [k, [v.itemId, v.quantity, v.durability]])),
    skills: Object.fromEntries([...s.skills].map(([k, v]) => [k, [v.level, v.xp]])),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("MapRoom: fuzzing the command boundary", function () {
  this.timeout(90_000);
  let server: TestServer;
  const adminNames = Array.from({ length: ADMIN_CLIENTS }, (_, i) => `fz${randomBytes(3).toString("hex")}_${i}`);

  before(async () => {
    server = await startTestServer({ ADMIN_USERNAMES: adminNames.join(",") });
  });
  after(async () => server?.close());

  it(`answers ${CLIENTS * MESSAGES_PER_CLIENT} random bad messages (seed ${SEED}) with exactly one refusal each and changes nothing`, async () => {
    const started = Date.now();
    const r = prng(SEED);
    const fuzzers: Fuzzer[] = await Promise.all(Array.from({ length: CLIENTS }, async (_, i) => {
      const admin = i < ADMIN_CLIENTS;
      const p = await registerPlayer(server, admin ? adminNames[i] : undefined);
      const room = await joinMap(p);
      await waitFor(() => room.state.personal.get(String(p.id))?.skills.size === 11, "own personal state");
      const f: Fuzzer = { id: p.id, username: p.username, admin, room, results: [], closed: false };
      room.onMessage("result", (result: CommandResult) => f.results.push(result));
      room.onLeave(() => (f.closed = true));
      return f;
    }));
    const plans = fuzzers.map((f, i) => generate(r, f.admin, (i + 1) * 1_000_000, MESSAGES_PER_CLIENT));
    const before = fuzzers.map(ownState);
    const storedBefore = await Promise.all(fuzzers.map((f) => storedState(server, f.id)));

    // Every client sends its list in parallel with the others, one message per SEND_GAP_MS.
    await Promise.all(fuzzers.map(async (f, i) => {
      for (const m of plans[i]!) {
        f.room.send(m.type as string, m.payload);
        await sleep(SEND_GAP_MS);
      }
    }));
    await waitFor(() => fuzzers.every((f, i) => f.results.length >= plans[i]!.length), "a result for every message", 15_000);
    await sleep(500); // anything extra would arrive now

    const codes = new Map<string, number>();
    fuzzers.forEach((f, i) => {
      const plan = plans[i]!;
      const where = `client ${i} (seed ${SEED})`;
      assert.equal(f.closed, false, `${where} was disconnected`);
      assert.equal(f.results.length, plan.length, `${where}: exactly one result per message`);
      // Messages with a seq: each answered once, with its own type and an expected code.
      const bySeq = new Map(plan.filter((m) => m.seq !== null).map((m) => [m.seq!, m]));
      const seen = new Set<number>();
      const unmatchedTypes = new Map<string, number>();
      for (const m of plan.filter((m) => m.seq === null)) unmatchedTypes.set(String(m.type), (unmatchedTypes.get(String(m.type)) ?? 0) + 1);
      for (const result of f.results) {
        assert.equal(result.ok, false, `${where}: nothing may succeed: ${JSON.stringify(result)}`);
        if (result.ok) continue;
        codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
        assert.ok(typeof result.message === "string", `${where}: a message with every refusal`);
        if (result.code === "RATE_LIMITED") assert.ok(result.retryAfterMs! > 0);
        if (result.seq !== null) {
          const m = bySeq.get(result.seq);
          assert.ok(m, `${where}: a result with a seq nobody sent: ${JSON.stringify(result)}`);
          assert.ok(!seen.has(result.seq), `${where}: two results for seq ${result.seq}`);
          seen.add(result.seq);
          assert.equal(result.type, String(m.type), `${where}: ${m.what}`);
          assert.ok(m.codes.has(result.code), `${where}: ${m.what}: got ${result.code} (${result.message}), expected ${[...m.codes].join("/")}; payload ${JSON.stringify(m.payload)}`);
        } else {
          // Without a seq: every such message was malformed, so INVALID_PAYLOAD, and the types must add up.
          assert.equal(result.code, "INVALID_PAYLOAD", `${where}: ${JSON.stringify(result)}`);
          const left = unmatchedTypes.get(result.type) ?? 0;
          assert.ok(left > 0, `${where}: an unexpected seq-less result ${JSON.stringify(result)}`);
          unmatchedTypes.set(result.type, left - 1);
        }
      }
      assert.equal(seen.size, bySeq.size, `${where}: every seq answered`);
      assert.ok([...unmatchedTypes.values()].every((n) => n === 0), `${where}: every seq-less message answered`);
    });

    // Nobody's state changed, as shown to the client and as stored.
    assert.deepEqual(fuzzers.map(ownState), before, "client state unchanged");
    assert.deepEqual(await Promise.all(fuzzers.map((f) => storedState(server, f.id))), storedBefore, "stored state unchanged");

    // The server is still up and serving: a valid command of each client succeeds, and a new player can join.
    const answers = await Promise.all(fuzzers.map((f, i) => new Promise<CommandResult>((resolve) => {
      const seq = 9_000_000 + i;
      const off = f.room.onMessage("result", (result: CommandResult) => result.seq === seq && (off(), resolve(result)));
      f.room.send("inventory:move", { from: 0, to: 5, seq });
    })));
    assert.deepEqual(answers.map((a) => a.ok), fuzzers.map(() => true));
    await waitFor(() => fuzzers.every((f) => f.room.state.personal.get(String(f.id))?.inventory.get("5")?.itemId === before[0]!.inventory["0"]![0]), "the valid moves shown");
    const late = await registerPlayer(server);
    const lateRoom = await joinMap(late);
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    await lateRoom.leave();

    if (process.env.FUZZ_VERBOSE) console.log(JSON.stringify([...codes]));
    // Coverage of the run: the refusals the generator aims at all occurred.
    const total = [...codes.values()].reduce((a, b) => a + b, 0);
    assert.ok(total >= 1_000, `at least 1,000 messages (${total})`);
    for (const code of ["INVALID_PAYLOAD", "INVALID_SLOT", "SLOT_EMPTY", "NOT_EQUIPABLE", "NOT_FOUND", "FORBIDDEN", "BLOCKED"]) {
      assert.ok((codes.get(code) ?? 0) > 0, `no ${code} in this run: ${JSON.stringify([...codes])}`);
    }
    assert.ok(Date.now() - started < TIME_BUDGET_MS, `took ${Date.now() - started} ms`);
    await Promise.all(fuzzers.map((f) => f.room.leave()));
  });
});
