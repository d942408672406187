/**
 * A bench bot process (forked by bench/run.ts): drives a share of the bench's clients with the plain
 * Colyseus SDK, at a fixed command rate, and reports counts and latency histograms over IPC.
 *
 * Parent -> worker: {op:"join"} | {op:"start"} | {op:"decode"} | {op:"mark"} | {op:"forgetJoins"} | {op:"collect"} | {op:"stop"} | {op:"leave"} | {op:"exit"}.
 * Every request carries `id`; the worker answers {id, ...} when the operation is done.
 */
import { Client, type Room } from "@colyseus/sdk";
import { loadConfig } from "../src/config/config.js";
import { Cooldowns } from "../src/services/Cooldowns.js";
import { BotStats } from "./lib/botStats.js";
import { CommandChannel, meterRoom, type CommandResult } from "./lib/commandChannel.js";
import { Shuttle } from "./lib/shuttle.js";

export interface WorkerBot {
  id: number;
  token: string;
  mapId: string;
  /** Decode every state patch (true) or only the first full state (false: bytes are still counted). */
  decode: boolean;
  /** In [0, 1): the bot keeps decoding while the step's decode fraction is above it (see `op: "decode"`). */
  sample?: number;
  /** Extra join options (the bench's same-state bare room reads `{id, x, y}` from them). */
  joinOptions?: Record<string, unknown>;
  /** For the NPC bench: the NPC this bot fights, and where the bot starts (it walks to the tile west of the NPC). */
  fight?: { npcId: number; x: number; y: number; spawn: { x: number; y: number } };
}

export type WorkerRequest =
  | { op: "join"; endpoint: string; bots: WorkerBot[]; concurrency: number; waitForPlayer: boolean; timeoutMs: number; budgetMs?: number }
  | { op: "start"; rate: number; inventoryEvery: number; mode?: "ccu" | "fight" }
  /** Bots whose `sample` is at or above `fraction` stop decoding patches, for good. */
  | { op: "decode"; fraction: number }
  | { op: "mark" }
  /** Forgets the join times measured so far (a warm-up join's). */
  | { op: "forgetJoins" }
  | { op: "collect" }
  | { op: "stop" }
  | { op: "leave" }
  | { op: "exit" };

interface Driven {
  bot: WorkerBot;
  room: Room;
  channel: CommandChannel;
  shuttle: Shuttle;
  slotFrom: number;
  slotTo: number;
  n: number;
  timer: NodeJS.Timeout | null;
  /** Where a fighting bot believes it stands (its own accepted moves since its spawn). */
  at: { x: number; y: number };
  dead: boolean;
  decoding: boolean;
  stopDecoding: () => void;
}

const stats = new BotStats();
const driven: Driven[] = [];
// The server's cooldowns at their defaults (the bench's servers run with them).
const cooldowns = new Cooldowns(loadConfig({ NODE_ENV: "test" }).rules);

async function joinOne(endpoint: string, bot: WorkerBot, waitForPlayer: boolean, timeoutMs: number): Promise<void> {
  const client = new Client(endpoint);
  client.auth.token = bot.token;
  const started = performance.now();
  const room = await client.joinOrCreate("map", { ...bot.joinOptions, mapId: bot.mapId });
  room.reconnection.enabled = false;
  const hasFirstState = () => {
    const state = room.state as { players?: { get(k: string): unknown } } | undefined;
    return state !== undefined && (!waitForPlayer || state.players?.get(String(bot.id)) !== undefined);
  };
  if (!hasFirstState()) {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no first state")), timeoutMs);
      const check = () => {
        if (!hasFirstState()) return;
        clearTimeout(timer);
        room.onStateChange.remove(check);
        resolve();
      };
      room.onStateChange(check);
    });
  }
  stats.join.record(performance.now() - started);
  stats.joined++;
  const meter = meterRoom(room, stats, bot.decode);
  if (bot.decode) stats.decoding++;
  room.onMessage("transfer", () => void stats.transfers++);
  room.onMessage("kicked", (m: { reason?: string }) => stats.count("kicked", String(m?.reason)));
  for (const type of ["hit", "levelUp", "chat"]) room.onMessage(type, () => undefined);
  room.onLeave((code: number) => stats.count("disconnects", String(code)));
  const channel = new CommandChannel(room, stats, 30_000, (type) => cooldowns.cooldownMsOf(type));
  driven.push({
    bot, room, channel, shuttle: new Shuttle(), slotFrom: 0, slotTo: 27, n: 0, timer: null, at: { ...(bot.fight?.spawn ?? { x: 0, y: 0 }) }, dead: false,
    decoding: bot.decode, stopDecoding: () => meter.stopDecoding(),
  });
}

/** Joins the bots, `concurrency` at a time; no new join starts after `budgetMs` (those count as not attempted). */
async function join(req: Extract<WorkerRequest, { op: "join" }>): Promise<number> {
  stats.bots += req.bots.length;
  const deadline = Date.now() + (req.budgetMs ?? Infinity);
  let next = 0;
  const lane = async () => {
    while (next < req.bots.length && Date.now() < deadline) {
      const bot = req.bots[next++]!;
      await joinOne(req.endpoint, bot, req.waitForPlayer, req.timeoutMs).catch((err: unknown) => stats.recordJoinError(err));
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(req.concurrency, req.bots.length)) }, lane));
  return req.bots.length - next;
}

/**
 * An inventory:move of the bot's item between slots 0 and 27, planned (as `Shuttle` plans moves) from where
 * the item is once the moves in flight are accepted: the slots swap when it is sent, and back if refused.
 */
function moveSlot(d: Driven): Promise<CommandResult | null> {
  const { slotFrom: from, slotTo: to } = d;
  const swap = () => {
    [d.slotFrom, d.slotTo] = [d.slotTo, d.slotFrom];
  };
  swap();
  return d.channel.send("inventory:move", { from, to }).then((r) => {
    if (r && !r.ok) swap();
    return r;
  });
}

/** One command of the CCU mix: moves that keep the bot on its tile or the one left of it (`Shuttle`), and every
 * `inventoryEvery`-th command an inventory:move between slots 0 and 27 (undone by the next one). */
function act(d: Driven, inventoryEvery: number): void {
  if (d.channel.closed) return;
  d.n++;
  if (inventoryEvery > 0 && d.n % inventoryEvery === 0) {
    void moveSlot(d);
    return;
  }
  const { dir, settle } = d.shuttle.next();
  void d.channel.send("move", { dir }).then((r) => settle(r ? r.ok : null));
}

/**
 * One command of the NPC bench's fight: a step toward the tile west of the bot's NPC until it stands there
 * (a death puts it back at its spawn), then `attack` on that NPC (NOT_FOUND while it is dead), and every
 * `inventoryEvery`-th command an inventory:move as in the CCU mix.
 */
function fight(d: Driven, inventoryEvery: number): void {
  const target = d.bot.fight;
  if (d.channel.closed || !target) return;
  d.n++;
  const goal = { x: target.x - 1, y: target.y };
  const settle = (code: string | undefined) => {
    if (code === "DEAD") d.dead = true;
    else if (d.dead) [d.dead, d.at] = [false, { ...target.spawn }];
  };
  if (inventoryEvery > 0 && d.n % inventoryEvery === 0) {
    void moveSlot(d).then((r) => settle(r?.code));
    return;
  }
  if (d.at.x !== goal.x || d.at.y !== goal.y) {
    const dir = d.at.x < goal.x ? "right" : d.at.x > goal.x ? "left" : d.at.y < goal.y ? "down" : "up";
    void d.channel.send("move", { dir }).then((r) => {
      settle(r?.code);
      if (!r?.ok) return;
      if (dir === "right") d.at.x++;
      else if (dir === "left") d.at.x--;
      else if (dir === "down") d.at.y++;
      else d.at.y--;
    });
    return;
  }
  void d.channel.send("attack", { npcId: target.npcId }).then((r) => settle(r?.code));
}

/** Sampling for the step: bots at or above `fraction` stop decoding (they cannot resume). Returns how many still decode. */
function sampleDecoding(fraction: number): number {
  for (const d of driven) {
    if (!d.decoding || (d.bot.sample ?? 0) < fraction) continue;
    d.decoding = false;
    d.stopDecoding();
    stats.decoding--;
  }
  return driven.filter((d) => d.decoding).length;
}

function start(req: Extract<WorkerRequest, { op: "start" }>): void {
  const periodMs = 1000 / req.rate;
  const step = req.mode === "fight" ? fight : act;
  for (const d of driven) {
    if (d.timer) continue;
    const phase = Math.random() * periodMs;
    d.timer = setTimeout(() => {
      step(d, req.inventoryEvery);
      d.timer = setInterval(() => step(d, req.inventoryEvery), periodMs);
    }, phase);
  }
}

async function stop(): Promise<void> {
  for (const d of driven) {
    if (d.timer) clearInterval(d.timer);
    d.timer = null;
  }
  const deadline = Date.now() + 3_000;
  while (Date.now() < deadline && driven.some((d) => d.channel.inFlight > 0)) await new Promise((r) => setTimeout(r, 20));
}

async function leave(): Promise<void> {
  await stop();
  await Promise.all(driven.map((d) => Promise.race([d.room.leave(true).catch(() => undefined), new Promise((r) => setTimeout(r, 5_000))])));
  stats.decoding -= driven.filter((d) => d.decoding).length;
  driven.length = 0;
}

process.on("message", (message: WorkerRequest & { id: number }) => {
  const reply = (body: Record<string, unknown> = {}) => process.send?.({ id: message.id, ...body });
  const run = async () => {
    switch (message.op) {
      case "join": return reply({ notAttempted: await join(message), joined: driven.length });
      case "start": start(message); return reply();
      case "decode": return reply({ decoding: sampleDecoding(message.fraction) });
      case "mark": stats.resetWindow(); return reply();
      case "forgetJoins": stats.join.reset(); return reply();
      case "collect": return reply({ stats: stats.toJSON() });
      case "stop": await stop(); return reply();
      case "leave": await leave(); return reply();
      case "exit": reply(); setTimeout(() => process.exit(0), 50); return;
    }
  };
  run().catch((err: unknown) => reply({ error: String((err as Error)?.stack ?? err) }));
});

process.on("disconnect", () => process.exit(0));
process.send?.({ ready: true });
