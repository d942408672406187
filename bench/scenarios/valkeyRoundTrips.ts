import { setTimeout as sleep } from "node:timers/promises";
import { Client, type Room } from "@colyseus/sdk";
import { BotStats } from "../lib/botStats.js";
import { CommandChannel, type CommandResult } from "../lib/commandChannel.js";
import type { ServerProcess } from "../lib/serverProcess.js";
import { callsDelta, commandCalls } from "../lib/valkey.js";
import type { BenchContext } from "./context.js";

/** Per gameplay command type: Valkey work measured on a quiet server, idle baseline subtracted. */
export interface RoundTripRow {
  type: string;
  commands: number;
  ok: number;
  /** Requests the server sent (MONITOR): a standalone command, a MULTI...EXEC block or a script each = 1. */
  requestsPerCommand: number;
  /** INFO commandstats: every command Valkey executed, Lua-internal calls and MULTI members included. */
  callsPerCommand: number;
  /** The same, by command name (per gameplay command). */
  callsByName: Record<string, number>;
  /** Scripts (EVALSHA/EVAL) and MULTI blocks per gameplay command. */
  scriptsPerCommand: number;
  multiBlocksPerCommand: number;
  windowS: number;
}

export interface RoundTripResult {
  bots: number;
  idleRequestsPerS: number;
  idleCallsPerS: number;
  rows: RoundTripRow[];
  note: string;
}

/** Counts requests per client from a MONITOR stream: MULTI..EXEC = 1, a script = 1, others 1 each. */
class RequestCounter {
  requests = 0;
  scripts = 0;
  multis = 0;
  luaCalls = 0;
  private readonly inMulti = new Map<string, boolean>();

  on(args: string[], source: string): void {
    const name = (args[0] ?? "").toLowerCase();
    if (source === "lua") {
      this.luaCalls++;
      return;
    }
    if (["info", "monitor", "ping", "client", "select", "hello", "command"].includes(name)) return;
    if (name === "multi") {
      this.inMulti.set(source, true);
      this.requests++;
      this.multis++;
      return;
    }
    if (name === "exec" || name === "discard") {
      this.inMulti.set(source, false);
      return;
    }
    if (this.inMulti.get(source)) return;
    this.requests++;
    if (name === "evalsha" || name === "eval" || name === "evalsha_ro" || name === "fcall") this.scripts++;
  }

  snapshot() {
    return { requests: this.requests, scripts: this.scripts, multis: this.multis, luaCalls: this.luaCalls };
  }
}

interface RtBot {
  id: number;
  room: Room;
  channel: CommandChannel;
  dir: "left" | "right";
  invFrom: number;
  invTo: number;
  lastDrop: number | null;
}

function inventoryOf(bot: RtBot): Map<number, { itemId: number }> {
  const state = bot.room.state as { personal?: { get(k: string): { inventory?: { forEach(cb: (v: { itemId: number }, k: string) => void): void } } | undefined } };
  const out = new Map<number, { itemId: number }>();
  state.personal?.get(String(bot.id))?.inventory?.forEach((v, k) => out.set(Number(k), { itemId: v.itemId }));
  return out;
}

const slotOfItem = (bot: RtBot, itemId: number) => [...inventoryOf(bot)].find(([, s]) => s.itemId === itemId)?.[0];

const COPPER_DAGGER = 110;
const BREAD = 500;

/**
 * Valkey round trips per gameplay command, one command type at a time on a quiet server: INFO commandstats
 * deltas (every Valkey command executed) and a MONITOR count of the requests the server made, for a fixed
 * number of commands, minus an idle baseline (the room clock's regeneration, session renewals and ground
 * item refreshes) measured over the same length of time.
 */
export async function valkeyRoundTripsScenario(ctx: BenchContext, server: ServerProcess, log: (s: string) => void): Promise<RoundTripResult> {
  const botCount = 10;
  const waves = Math.max(1, Math.ceil(ctx.options.rtCount / botCount));
  const accounts = await ctx.accounts("bbr", botCount);
  const monitor = await ctx.valkey.admin.monitor();
  const counter = new RequestCounter();
  monitor.on("monitor", (_time: string, args: string[], source: string) => counter.on(args, source === "lua" ? "lua" : source));
  const stats = new BotStats();
  const bots: RtBot[] = [];
  try {
    for (const account of accounts) {
      const client = new Client(server.url);
      client.auth.token = ctx.token(account);
      const room = await client.joinOrCreate("map", { mapId: "town" });
      room.reconnection.enabled = false;
      room.onMessage("transfer", () => undefined);
      room.onMessage("kicked", () => undefined);
      bots.push({ id: account.id, room, channel: new CommandChannel(room, stats, 10_000), dir: "left", invFrom: 0, invTo: 27, lastDrop: null });
    }
    await sleep(1_500);

    const measure = async (what: () => Promise<void>) => {
      const calls0 = await commandCalls(ctx.valkey.admin);
      const req0 = counter.snapshot();
      const t0 = performance.now();
      await what();
      await sleep(100);
      const windowS = (performance.now() - t0) / 1000;
      const calls1 = await commandCalls(ctx.valkey.admin);
      const req1 = counter.snapshot();
      return { delta: callsDelta(calls0, calls1), requests: req1.requests - req0.requests, scripts: req1.scripts - req0.scripts, multis: req1.multis - req0.multis, windowS };
    };

    // Idle baseline: the same bots connected, no commands.
    const idle = await measure(() => sleep(4_000));
    const idleCallsPerS = [...idle.delta.values()].reduce((a, b) => a + b, 0) / idle.windowS;
    const idleByName = new Map([...idle.delta].map(([k, v]) => [k, v / idle.windowS]));
    const idleRequestsPerS = idle.requests / idle.windowS;
    const idleScriptsPerS = idle.scripts / idle.windowS;
    const idleMultisPerS = idle.multis / idle.windowS;

    const acc = new Map<string, { commands: number; ok: number; windowS: number; calls: Map<string, number>; requests: number; scripts: number; multis: number }>();
    const addWindow = (type: string, m: Awaited<ReturnType<typeof measure>>, results: (CommandResult | null)[]) => {
      const a = acc.get(type) ?? { commands: 0, ok: 0, windowS: 0, calls: new Map(), requests: 0, scripts: 0, multis: 0 };
      a.commands += results.length;
      a.ok += results.filter((r) => r?.ok).length;
      a.windowS += m.windowS;
      for (const [k, v] of m.delta) a.calls.set(k, (a.calls.get(k) ?? 0) + v);
      a.requests += m.requests;
      a.scripts += m.scripts;
      a.multis += m.multis;
      acc.set(type, a);
    };
    const wave = async (type: string, payloadOf: (b: RtBot) => Record<string, unknown> | null, after?: (b: RtBot, r: CommandResult | null) => void) => {
      let results: (CommandResult | null | undefined)[] = [];
      const m = await measure(async () => {
        results = await Promise.all(bots.map(async (b) => {
          const payload = payloadOf(b);
          if (!payload) return undefined;
          const r = await b.channel.send(type, payload);
          after?.(b, r);
          return r;
        }));
      });
      addWindow(type, m, results.filter((r): r is CommandResult | null => r !== undefined));
      await sleep(160);
    };

    for (let w = 0; w < waves; w++) {
      await wave("move", (b) => ({ dir: b.dir }), (b, r) => void (r?.ok && (b.dir = b.dir === "left" ? "right" : "left")));
    }
    for (let w = 0; w < waves; w++) {
      await wave("inventory:move", (b) => ({ from: b.invFrom, to: b.invTo }), (b, r) => {
        if (r?.ok) [b.invFrom, b.invTo] = [b.invTo, b.invFrom];
      });
    }
    for (let w = 0; w < waves; w++) {
      await wave("inventory:drop", (b) => {
        const slot = slotOfItem(b, BREAD);
        return slot === undefined ? null : { slot, quantity: 1 };
      }, (b, r) => void (b.lastDrop = r?.ok ? ((r.data as { groundItemId?: number } | undefined)?.groundItemId ?? null) : null));
      await wave("ground:pickup", (b) => (b.lastDrop === null ? null : { id: b.lastDrop }));
    }
    for (let w = 0; w < waves; w++) {
      await wave("equip", (b) => {
        const slot = slotOfItem(b, COPPER_DAGGER);
        return slot === undefined ? null : { slot };
      });
      await wave("unequip", () => ({ slot: "weapon" }));
    }

    const rows: RoundTripRow[] = [];
    for (const [type, a] of acc) {
      const n = Math.max(1, a.commands);
      const callsByName: Record<string, number> = {};
      let calls = 0;
      for (const [name, v] of a.calls) {
        const net = v - (idleByName.get(name) ?? 0) * a.windowS;
        calls += net;
        if (Math.abs(net / n) >= 0.05) callsByName[name] = Math.round((net / n) * 100) / 100;
      }
      rows.push({
        type,
        commands: a.commands,
        ok: a.ok,
        requestsPerCommand: Math.round(((a.requests - idleRequestsPerS * a.windowS) / n) * 100) / 100,
        callsPerCommand: Math.round((calls / n) * 100) / 100,
        callsByName,
        scriptsPerCommand: Math.round(((a.scripts - idleScriptsPerS * a.windowS) / n) * 100) / 100,
        multiBlocksPerCommand: Math.round(((a.multis - idleMultisPerS * a.windowS) / n) * 100) / 100,
        windowS: Math.round(a.windowS * 100) / 100,
      });
    }
    for (const r of rows) log(`  valkey ${r.type}: ${r.requestsPerCommand} requests/command (${r.scriptsPerCommand} scripts, ${r.multiBlocksPerCommand} MULTI), ${r.callsPerCommand} calls/command, ${r.ok}/${r.commands} ok`);
    return {
      bots: botCount,
      idleRequestsPerS: Math.round(idleRequestsPerS * 100) / 100,
      idleCallsPerS: Math.round(idleCallsPerS * 100) / 100,
      rows,
      note: "requests = what the server sent to Valkey (a MULTI..EXEC block or a script counts once; commands of one auto-pipelined batch count separately); calls = INFO commandstats, including the commands inside MULTI blocks and Lua scripts. Idle baseline (same bots connected, no commands) subtracted per second of window.",
    };
  } finally {
    await Promise.all(bots.map((b) => b.room.leave(true).catch(() => undefined)));
    monitor.disconnect();
  }
}
