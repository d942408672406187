import assert from "node:assert/strict";
import type { ChatMessage, CommandResult } from "../../src/protocol/index.js";
import { inbox, sleep, type Inbox } from "../support/chat.js";
import { joinMap, registerPlayer, startTestServer, waitFor, type MapRoomClient, type TestServer } from "../support/server.js";

/**
 * Seeded fuzzing of `chat` payloads through real SDK clients: random strings of every sort and length,
 * wrong types, missing and extra fields, non-objects. Every message gets exactly one `result`, with the
 * outcome an oracle written here (not the server's code) expects; every accepted line reaches its sender;
 * nobody is disconnected and the server keeps serving. CHAT_FUZZ_SEED=<n> replays a run. The chat cooldown is
 * 0 here so that the text rules, not the cooldown, answer.
 */

const SEED = Number(process.env.CHAT_FUZZ_SEED ?? 4_242);
const CLIENTS = 4;
const MESSAGES_PER_CLIENT = 150;
const SEND_GAP_MS = 45; // ~22 messages per second per client, under the server's 30

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
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  const chance = (p: number) => next() < p;
  return { int, pick, chance };
}
type Rng = ReturnType<typeof prng>;

const POOLS: string[][] = [
  Array.from({ length: 95 }, (_, i) => String.fromCharCode(0x20 + i)),
  [" ", "\u00a0", "\u3000", "\u2003"],
  ["🙂", "👍", "🏽", "🇫", "🇷", "\u200d", "😀"],
  ["é", "ß", "ж", "中", "ع", "\u0301", "\u202e", "\ufeff"],
  ["\t", "\n", "\r", "\u0000", "\u0007", "\u007f", "\u0085", "\u009b"],
  ["\ud800", "\udfff", "\udc00"],
];
const WORDS = ["darn", "DaRn", "HECK", "darned", "checkheck", "hello", "gg"];

/** A string of a chosen length in code points (around the 200 limit, or short), from mixed pools. */
function randomText(r: Rng): string {
  const length = r.pick([0, 1, 2, 199, 200, 201, 202, r.int(0, 40), r.int(150, 260)]);
  const weights = r.chance(0.7) ? [0.85, 0.05, 0.05, 0.05, 0, 0] : [0.4, 0.15, 0.15, 0.15, 0.1, 0.05];
  let text = "";
  let chars = 0;
  while (chars < length) {
    let piece: string;
    if (r.chance(0.05)) {
      piece = ` ${r.pick(WORDS)} `;
    } else {
      let roll = r.int(0, 9_999) / 10_000;
      let pool = 0;
      while (pool < weights.length - 1 && roll >= weights[pool]!) roll -= weights[pool++]!;
      piece = r.pick(POOLS[pool]!);
    }
    const size = [...piece].length;
    if (chars + size > length) piece = "x".repeat(length - chars);
    text += piece;
    chars += [...piece].length;
  }
  return r.chance(0.1) ? `   ${text}\u3000 ` : text;
}

const junk = (r: Rng): unknown =>
  r.pick<unknown>([null, true, 0, -1, 1.5, NaN, Infinity, 2 ** 60, "", "x", [], ["local"], {}, { text: "hi" }, new Uint8Array([104, 105]), new Date(0)]);

/** A chat payload of any shape (never `undefined` fields: the SDK would send them as absent). */
function randomPayload(r: Rng, online: readonly string[]): unknown {
  if (r.chance(0.08)) return junk(r);
  const payload: Record<string, unknown> = {};
  const roll = r.int(0, 99);
  payload.channel = roll < 85 ? r.pick(["local", "global", "dm"]) : r.pick<unknown>(["system", "LOCAL", "", "dm ", 1, null, ["dm"]]);
  if (r.chance(0.95)) payload.text = r.chance(0.9) ? randomText(r) : junk(r);
  if (payload.channel === "dm" ? r.chance(0.9) : r.chance(0.05)) {
    payload.to = r.pick<unknown>([r.pick(online), r.pick(online).toUpperCase(), "nobody_here_now", "Nobody_Else", "", "n".repeat(33), 42, null]);
  }
  if (r.chance(0.05)) payload[r.pick(["from", "at", "channels", "txt", "role", "__x"])] = junk(r);
  return payload;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && !(v instanceof Date);

/** UTF-8 on the wire cannot carry an unpaired surrogate: it arrives as U+FFFD. */
const asSent = (text: string) => text.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");

/** PROTOCOL.md and GAME_RULES.md "Chat", written out independently of the server's code. */
function expectedOutcome(payload: unknown, online: ReadonlySet<string>): "ok" | "INVALID_PAYLOAD" | "NOT_FOUND" {
  if (!isPlainObject(payload)) return "INVALID_PAYLOAD";
  if (Object.keys(payload).some((k) => !["seq", "channel", "text", "to"].includes(k))) return "INVALID_PAYLOAD";
  const { channel, text, to } = payload;
  if (channel !== "local" && channel !== "global" && channel !== "dm") return "INVALID_PAYLOAD";
  if (typeof text !== "string") return "INVALID_PAYLOAD";
  if ("to" in payload && (typeof to !== "string" || to.length < 1 || to.length > 32)) return "INVALID_PAYLOAD";
  if ((channel === "dm") !== ("to" in payload)) return "INVALID_PAYLOAD";
  const received = asSent(text);
  for (const char of received) {
    const code = char.codePointAt(0)!;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return "INVALID_PAYLOAD";
  }
  const length = [...received.trim()].length;
  if (length < 1 || length > 200) return "INVALID_PAYLOAD";
  if (channel === "dm" && !online.has((to as string).toLowerCase())) return "NOT_FOUND";
  return "ok";
}

interface Fuzzer {
  id: number;
  room: MapRoomClient;
  inbox: Inbox;
  results: CommandResult[];
  closed: boolean;
}

describe("MapRoom: fuzzing chat payloads", function () {
  this.timeout(90_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ CHAT_COOLDOWN_MS: "0", CHAT_BLOCKED_WORDS: "darn,heck" });
  });
  after(async () => server?.close());

  it(`answers ${CLIENTS * MESSAGES_PER_CLIENT} random chat payloads (seed ${SEED}) with exactly one expected result each`, async () => {
    const r = prng(SEED);
    const fuzzers: Fuzzer[] = await Promise.all(Array.from({ length: CLIENTS }, async () => {
      const p = await registerPlayer(server);
      const room = await joinMap(p);
      const f: Fuzzer = { id: p.id, room, inbox: inbox(room), results: [], closed: false };
      room.onMessage("result", (result: CommandResult) => f.results.push(result));
      room.onLeave(() => (f.closed = true));
      return Object.assign(f, { username: p.username });
    }));
    const onlineNames = fuzzers.map((f) => (f as Fuzzer & { username: string }).username);
    const online = new Set(onlineNames.map((u) => u.toLowerCase()));
    const plans = fuzzers.map((_, i) => Array.from({ length: MESSAGES_PER_CLIENT }, (__, k) => {
      const payload = randomPayload(r, onlineNames);
      const seq = (i + 1) * 100_000 + k;
      if (isPlainObject(payload)) payload.seq = seq;
      return { payload, seq: isPlainObject(payload) ? seq : null, expected: expectedOutcome(payload, online) };
    }));

    await Promise.all(fuzzers.map(async (f, i) => {
      for (const m of plans[i]!) {
        f.room.send("chat", m.payload);
        await sleep(SEND_GAP_MS);
      }
    }));
    await waitFor(() => fuzzers.every((f, i) => f.results.length >= plans[i]!.length), "a result for every message", 15_000);
    await sleep(500);

    const outcomes = new Map<string, number>();
    fuzzers.forEach((f, i) => {
      const where = `client ${i} (seed ${SEED})`;
      assert.equal(f.closed, false, `${where} was disconnected`);
      assert.equal(f.results.length, plans[i]!.length, `${where}: exactly one result per message`);
      const withSeq = new Map(plans[i]!.filter((m) => m.seq !== null).map((m) => [m.seq!, m]));
      let seqLess = plans[i]!.length - withSeq.size;
      for (const result of f.results) {
        assert.equal(result.type, "chat");
        const outcome = result.ok ? "ok" : result.code;
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        if (result.seq === null) {
          assert.equal(outcome, "INVALID_PAYLOAD", `${where}: ${JSON.stringify(result)}`);
          seqLess--;
          continue;
        }
        const m = withSeq.get(result.seq);
        assert.ok(m, `${where}: a result for an unknown or repeated seq ${result.seq}`);
        withSeq.delete(result.seq);
        assert.equal(outcome, m.expected, `${where}: payload ${JSON.stringify(m.payload)}: ${result.message ?? ""}`);
      }
      assert.equal(seqLess, 0, `${where}: every seq-less message answered once`);
      assert.equal(withSeq.size, 0, `${where}: every seq answered`);
    });

    // Every accepted line reached its own sender (local and global to itself, a dm as the copy), masked.
    for (const [i, f] of fuzzers.entries()) {
      const accepted = plans[i]!.filter((m) => m.expected === "ok").length;
      await waitFor(() => f.inbox.lines.filter((l: ChatMessage) => l.from?.id === f.id).length === accepted, `client ${i}: its ${accepted} lines`);
      for (const line of f.inbox.lines) assert.doesNotMatch(line.text, /(?<![\p{L}\p{M}\p{N}])(darn|heck)(?![\p{L}\p{M}\p{N}])/iu, line.text);
    }

    if (process.env.FUZZ_VERBOSE) console.log(JSON.stringify([...outcomes]));
    // The run covered every outcome, and the server is still up.
    for (const outcome of ["ok", "INVALID_PAYLOAD", "NOT_FOUND"]) assert.ok((outcomes.get(outcome) ?? 0) > 0, `no ${outcome}: ${JSON.stringify([...outcomes])}`);
    const late = await registerPlayer(server);
    const lateRoom = await joinMap(late);
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    await Promise.all([lateRoom.leave(), ...fuzzers.map((f) => f.room.leave())]);
  });
});
