/**
 * The load-test bot script for `@colyseus/loadtest` (run it through `npm run loadtest`, which starts
 * several of these processes, bounds them in time and prints the summary).
 *
 * Each bot registers over HTTP (or logs in when its account exists), joins `map` with its map id and
 * plays at human rates: walks 2-3 tiles a second to places nearby (and now and then through a portal to
 * the other map, following `transfer`), and every few seconds drops an item and picks it up again, equips
 * or unequips something, or rearranges its inventory. It handles `kicked` (stops) and disconnects.
 *
 * Environment (set by loadtest/run.ts): LOADTEST_STATS_FILE (JSON lines appended at exit),
 * LOADTEST_RUN_TAG (username prefix; the same tag logs the same accounts in again), LOADTEST_WORKER.
 */
import { appendFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { cli, type Options } from "@colyseus/loadtest";
import { Client, type Room } from "@colyseus/sdk";
import { BotStats } from "../bench/lib/botStats.js";
import { CommandChannel, meterRoom } from "../bench/lib/commandChannel.js";
import type { MapSummary } from "../src/content/GameMap.js";
import type { CommandResult } from "../src/protocol/index.js";
import { MapNav, type Dir } from "./mapNav.js";

const STATS_FILE = process.env.LOADTEST_STATS_FILE;
const RUN_TAG = (process.env.LOADTEST_RUN_TAG ?? "x").replace(/[^A-Za-z0-9]/g, "").slice(0, 6);
const WORKER = Number(process.env.LOADTEST_WORKER ?? 0);
const PASSWORD = "loadtest-password-1";
/** Logins and joins in progress at once in this process (scrypt on the server is the slow part). */
const ADMISSION = Number(process.env.LOADTEST_ADMISSION ?? 4);

const stats = new BotStats();
const extra = { loggedIn: 0, registered: 0, loginFailed: 0, loginErrors: {} as Record<string, number>, mapChanges: 0, stopped: 0 };
let flushed = false;

function flush(): void {
  if (flushed || !STATS_FILE) return;
  flushed = true;
  appendFileSync(STATS_FILE, `${JSON.stringify({ worker: WORKER, pid: process.pid, stats: stats.toJSON(), extra })}\n`);
}
process.on("exit", flush);

interface ItemInfo {
  id: number;
  name: string;
  slot: string | null;
  maxStack: number;
  requiredLevel: number;
}

/** What every bot of this process shares: the catalogue and the maps, fetched once. */
class World {
  private items: Promise<Map<number, ItemInfo>> | null = null;
  private maps: Promise<Map<string, MapNav>> | null = null;

  constructor(private readonly http: string) {}

  itemCatalogue(): Promise<Map<number, ItemInfo>> {
    this.items ??= getJson<ItemInfo[]>(`${this.http}/items`).then((list) => new Map(list.map((i) => [i.id, i])));
    return this.items;
  }

  mapNavs(): Promise<Map<string, MapNav>> {
    this.maps ??= (async () => {
      const summaries = await getJson<MapSummary[]>(`${this.http}/maps`);
      const navs = await Promise.all(summaries.map(async (s) => MapNav.fromTiled(s.id, await getJson<unknown>(`${this.http}/maps/${encodeURIComponent(s.id)}`))));
      return new Map(navs.map((n) => [n.map.id, n]));
    })();
    return this.maps;
  }
}

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  if (!response.ok) throw new Error(`GET ${url}: ${response.status}`);
  return (await response.json()) as T;
}

async function postJson(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, json: ((await response.json().catch(() => ({}))) ?? {}) as Record<string, unknown> };
}

/** A counting semaphore (bounded admission of logins and joins). */
class Semaphore {
  private waiting: (() => void)[] = [];
  constructor(private free: number) {}
  async acquire(): Promise<() => void> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    return () => {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    };
  }
}

const admission = new Semaphore(ADMISSION);
let world: World | null = null;

const rand = (min: number, max: number) => min + Math.random() * (max - min);

interface PersonalView {
  inventory: Map<number, { itemId: number; quantity: number }>;
  equipment: Map<string, { itemId: number }>;
}

class Bot {
  private client: Client;
  private room: Room | null = null;
  private channel: CommandChannel | null = null;
  private playerId = 0;
  private mapId = "";
  private stopped = false;
  private transferring = false;
  private path: Dir[] = [];
  private nextErrandAt = Date.now() + rand(3_000, 8_000);

  constructor(private readonly http: string, private readonly username: string) {
    this.client = new Client(http);
  }

  /**
   * Registers the account, or logs in when it exists (409). Registering first keeps failed logins (which
   * the server throttles per address) out of the way of a fresh run.
   */
  async login(): Promise<void> {
    let res = await postJson(`${this.http}/auth/register`, { username: this.username, password: PASSWORD });
    if (res.status === 201) extra.registered++;
    else if (res.status === 409) res = await postJson(`${this.http}/auth/login`, { username: this.username, password: PASSWORD });
    if (res.status !== 200 && res.status !== 201) {
      extra.loginFailed++;
      const code = res.json.error;
      const key = `${res.status} ${typeof code === "string" ? code : ""}`;
      extra.loginErrors[key] = (extra.loginErrors[key] ?? 0) + 1;
      throw new Error(`login of ${this.username} failed: ${key}`);
    }
    extra.loggedIn++;
    const player = res.json.player as { id: number; mapId: string };
    this.client.auth.token = String(res.json.token);
    this.playerId = player.id;
    this.mapId = player.mapId;
  }

  async join(mapId: string): Promise<void> {
    const started = performance.now();
    const room = await this.client.joinOrCreate("map", { mapId });
    stats.join.record(performance.now() - started);
    stats.joined++;
    this.room = room;
    this.mapId = mapId;
    this.path = [];
    meterRoom(room, stats, true);
    this.channel = new CommandChannel(room, stats, 15_000);
    room.onMessage("transfer", (m: { mapId: string }) => void this.transfer(m.mapId));
    room.onMessage("kicked", (m: { reason?: string }) => {
      stats.count("kicked", String(m?.reason));
      this.stop();
    });
    room.onLeave((code: number) => {
      if (this.transferring || this.room !== room) return;
      stats.count("disconnects", String(code));
      this.stop();
    });
  }

  private async transfer(mapId: string): Promise<void> {
    if (this.transferring || this.stopped) return;
    this.transferring = true;
    stats.transfers++;
    try {
      const old = this.room;
      this.channel?.close();
      await old?.leave(true).catch(() => undefined);
      await this.join(mapId);
      extra.mapChanges++;
    } catch (err) {
      stats.recordJoinError(err);
      this.stop();
    } finally {
      this.transferring = false;
    }
  }

  get currentMap(): string {
    return this.mapId;
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    extra.stopped++;
  }

  /** Plays until stopped: one step every 350-450 ms, an errand every 3-8 s. Bounded by the process's life. */
  async play(): Promise<void> {
    while (!this.stopped) {
      if (this.transferring || !this.channel || this.channel.closed) {
        await sleep(200);
        continue;
      }
      if (Date.now() >= this.nextErrandAt) {
        await this.errand();
        this.nextErrandAt = Date.now() + rand(3_000, 8_000);
      } else {
        await this.step();
      }
      await sleep(rand(350, 450));
    }
  }

  private me(): { x: number; y: number } | null {
    const state = this.room?.state as { players?: { get(k: string): { x: number; y: number } | undefined } } | undefined;
    const p = state?.players?.get(String(this.playerId));
    return p ? { x: p.x, y: p.y } : null;
  }

  private personal(): PersonalView {
    type Entries<V> = { forEach(cb: (v: V, k: string) => void): void } | undefined;
    const state = this.room?.state as { personal?: { get(k: string): { inventory?: Entries<{ itemId: number; quantity: number }>; equipment?: Entries<{ itemId: number }> } | undefined } } | undefined;
    const mine = state?.personal?.get(String(this.playerId));
    const inventory = new Map<number, { itemId: number; quantity: number }>();
    const equipment = new Map<string, { itemId: number }>();
    mine?.inventory?.forEach((v, k) => inventory.set(Number(k), { itemId: v.itemId, quantity: v.quantity }));
    mine?.equipment?.forEach((v, k) => equipment.set(k, { itemId: v.itemId }));
    return { inventory, equipment };
  }

  private async step(): Promise<void> {
    const at = this.me();
    const nav = (await world!.mapNavs()).get(this.mapId);
    if (!at || !nav) return;
    if (this.path.length === 0) {
      // Mostly wander near where we are; now and then head for a portal (another map).
      const portal = Math.random() < 0.05 ? nav.map.portals[Math.floor(Math.random() * nav.map.portals.length)] : undefined;
      const target = portal ? { x: portal.x, y: portal.y } : nav.randomTileNear(at, 6);
      this.path = nav.path(at, target)?.slice(0, 80) ?? [];
      if (this.path.length === 0) return;
    }
    const dir = this.path[0]!;
    const result = await this.send("move", { dir });
    if (result?.ok) this.path.shift();
    else if (result?.code === "BLOCKED") this.path = [];
    else if (result?.code === "RATE_LIMITED") await sleep(result.retryAfterMs ?? 150);
  }

  private async errand(): Promise<void> {
    const items = await world!.itemCatalogue();
    const { inventory, equipment } = this.personal();
    const roll = Math.random();
    if (roll < 0.4) {
      // Drop one of a stack, then pick it up again.
      const stack = [...inventory].find(([, s]) => s.quantity > 1);
      if (!stack) return;
      const dropped = await this.send("inventory:drop", { slot: stack[0], quantity: 1 });
      const id = (dropped?.data as { groundItemId?: number } | undefined)?.groundItemId;
      if (!dropped?.ok || id === undefined) return;
      await sleep(rand(500, 1_500));
      await this.send("ground:pickup", { id });
    } else if (roll < 0.65) {
      const equipable = [...inventory].find(([, s]) => (items.get(s.itemId)?.slot ?? null) !== null && (items.get(s.itemId)?.requiredLevel ?? 99) <= 1);
      if (equipable) await this.send("equip", { slot: equipable[0] });
    } else if (roll < 0.9) {
      const slot = [...equipment.keys()][Math.floor(Math.random() * equipment.size)];
      if (slot) await this.send("unequip", { slot });
    } else {
      const from = [...inventory.keys()][Math.floor(Math.random() * inventory.size)];
      if (from !== undefined) await this.send("inventory:move", { from, to: Math.floor(Math.random() * 28) });
    }
  }

  private send(type: string, payload: Record<string, unknown>): Promise<CommandResult | null> {
    return this.channel ? this.channel.send(type, payload) : Promise.resolve(null);
  }
}

/** The @colyseus/loadtest entry point: called once per client, one after another. Returns once the bot is in. */
async function main(options: Options): Promise<void> {
  const http = options.endpoint.replace(/^ws(s?):\/\//, "http$1://");
  world ??= new World(http);
  stats.bots++;
  const bot = new Bot(http, `lt${RUN_TAG}w${WORKER}c${options.clientId}`);
  const release = await admission.acquire();
  // The slow part (login, join) runs with bounded concurrency; the next client starts meanwhile.
  void (async () => {
    try {
      await bot.login();
      await bot.join(bot.currentMap);
    } catch (err) {
      stats.recordJoinError(err);
      bot.stop();
      return;
    } finally {
      release();
    }
    await bot.play();
  })();
}

cli(main);
