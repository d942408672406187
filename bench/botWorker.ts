/**
 * A bench bot process (forked by bench/run.ts): drives a share of the bench's clients with the plain
 * Colyseus SDK, at a fixed command rate, and reports counts and latency histograms over IPC.
 *
 * Parent -> worker: {op:"join"} | {op:"start"} | {op:"mark"} | {op:"collect"} | {op:"stop"} | {op:"leave"} | {op:"exit"}.
 * Every request carries `id`; the worker answers {id, ...} when the operation is done.
 */
import { Client, type Room } from "@colyseus/sdk";
import { BotStats } from "./lib/botStats.js";
import { CommandChannel, meterRoom } from "./lib/commandChannel.js";

export interface WorkerBot {
  id: number;
  token: string;
  mapId: string;
  /** Decode every state patch (true) or only the first full state (false: bytes are still counted). */
  decode: boolean;
}

export type WorkerRequest =
  | { op: "join"; endpoint: string; bots: WorkerBot[]; concurrency: number; waitForPlayer: boolean; timeoutMs: number; budgetMs?: number }
  | { op: "start"; rate: number; inventoryEvery: number }
  | { op: "mark" }
  | { op: "collect" }
  | { op: "stop" }
  | { op: "leave" }
  | { op: "exit" };

interface Driven {
  bot: WorkerBot;
  room: Room;
  channel: CommandChannel;
  offset: number;
  slotFrom: number;
  slotTo: number;
  n: number;
  timer: NodeJS.Timeout | null;
}

const stats = new BotStats();
const driven: Driven[] = [];

async function joinOne(endpoint: string, bot: WorkerBot, waitForPlayer: boolean, timeoutMs: number): Promise<void> {
  const client = new Client(endpoint);
  client.auth.token = bot.token;
  const started = performance.now();
  const room = await client.joinOrCreate("map", { mapId: bot.mapId });
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
  meterRoom(room, stats, bot.decode);
  room.onMessage("transfer", () => void stats.transfers++);
  room.onMessage("kicked", (m: { reason?: string }) => stats.count("kicked", String(m?.reason)));
  room.onLeave((code: number) => stats.count("disconnects", String(code)));
  const channel = new CommandChannel(room, stats, 30_000);
  driven.push({ bot, room, channel, offset: 0, slotFrom: 0, slotTo: 27, n: 0, timer: null });
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

/** One command of the CCU mix: moves that keep the bot on its tile or the one left of it, and every
 * `inventoryEvery`-th command an inventory:move between slots 0 and 27 (undone by the next one). */
function act(d: Driven, inventoryEvery: number): void {
  if (d.channel.closed) return;
  d.n++;
  if (inventoryEvery > 0 && d.n % inventoryEvery === 0) {
    const { slotFrom: from, slotTo: to } = d;
    void d.channel.send("inventory:move", { from, to }).then((r) => {
      if (r?.ok) [d.slotFrom, d.slotTo] = [to, from];
    });
    return;
  }
  const dir = d.offset < 0 ? "right" : "left";
  void d.channel.send("move", { dir }).then((r) => {
    if (r?.ok) d.offset += dir === "left" ? -1 : 1;
    else if (r?.code === "BLOCKED") d.offset = dir === "left" ? -1 : 0;
  });
}

function start(req: Extract<WorkerRequest, { op: "start" }>): void {
  const periodMs = 1000 / req.rate;
  for (const d of driven) {
    if (d.timer) continue;
    const phase = Math.random() * periodMs;
    d.timer = setTimeout(() => {
      act(d, req.inventoryEvery);
      d.timer = setInterval(() => act(d, req.inventoryEvery), periodMs);
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
  driven.length = 0;
}

process.on("message", (message: WorkerRequest & { id: number }) => {
  const reply = (body: Record<string, unknown> = {}) => process.send?.({ id: message.id, ...body });
  const run = async () => {
    switch (message.op) {
      case "join": return reply({ notAttempted: await join(message), joined: driven.length });
      case "start": start(message); return reply();
      case "mark": stats.resetWindow(); return reply();
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
