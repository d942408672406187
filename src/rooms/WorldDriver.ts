import { performance } from "node:perf_hooks";
import { getMessageBytes, Protocol, type Client, type Room } from "@colyseus/core";
import type { Logger } from "pino";
import type { GameRules } from "../config/config.js";
import { SERVER_MESSAGES, type AttemptMessage, type HitMessage, type LevelUpMessage } from "../protocol/index.js";
import type { CombatService, LevelUp } from "../services/CombatService.js";
import type { GatheringService } from "../services/GatheringService.js";
import type { GroundItemService } from "../services/GroundItemService.js";
import type { ItemService } from "../services/ItemService.js";
import type { Shopkeeper } from "../services/ShopService.js";
import { fail, ok, type Result } from "../services/results.js";
import type { RandomSource } from "../services/rules/random.js";
import type { MapWorld } from "../services/world/MapWorld.js";
import { worldPlayerOf } from "../services/world/worldPlayerOf.js";
import type { EntityRef, WorldEvent } from "../services/world/worldTypes.js";
import type { PlayerSnapshot } from "../state/PlayerSnapshot.js";
import { corkableSocket } from "./corked.js";
import type { RoomMetrics } from "./RoomDeps.js";
import type { PlayerWatcher, RoomPlayers } from "./RoomPlayers.js";

/** What commands may ask of the room's world (the CommandRouter's side of it). */
export interface CombatCommands {
  attack(playerId: number, target: EntityRef): Result<void>;
  stopAttack(playerId: number): void;
  /** The player ate: its next swing comes later. */
  ate(playerId: number): void;
  /** `admin:spawn` on (x, y), by default the admin's own tile. */
  spawn(adminId: number, kind: string, x?: number, y?: number): Result<{ npcId: number }>;
  /** The shopkeeper `npcId` as the player sees it: its shop and tile (NOT_FOUND: none in view). */
  shopkeeper(playerId: number, npcId: number): Result<Shopkeeper>;
}

/** What the gathering and cooking commands ask of the room's world. */
export interface GatheringCommands {
  /** Starts gathering from a resource (the room's world checks it; see `MapWorld.gather`). */
  gather(playerId: number, resourceId: number): Result<void>;
  /** Starts cooking the raw food of an inventory slot at a fire or range (see `MapWorld.cook`). */
  cook(playerId: number, slot: number, resourceId: number): Result<void>;
  /** Ends the player's gathering or cooking, if any (it acted otherwise). */
  interrupt(playerId: number): void;
}

export interface WorldDriverDeps {
  mapId: string;
  world: MapWorld;
  players: RoomPlayers;
  services: { combat: CombatService; groundItems: GroundItemService; items: ItemService; gathering: GatheringService };
  rules: Pick<GameRules, "gameTickMs" | "eatSwingDelayTicks">;
  random: RandomSource;
  log: Logger;
  metrics?: RoomMetrics;
}

/**
 * Drives a map room's world on ONE clock (`GAME_TICK_MS`): each tick steps the world, shows what changed
 * (NPCs in the schema, `hit` to every client that sees the target), applies what must be stored (hits on
 * players, XP, drops: each one commit, in order per player), and runs the room's periodic jobs
 * (regeneration, respawns, despawns, leases). A tick whose predecessor is still applying is skipped, so
 * work never piles up. It also feeds the world every player the room shows, and answers combat commands.
 */
export class WorldDriver implements CombatCommands, GatheringCommands, PlayerWatcher {
  private tick = 0;
  private busy = false;
  private readonly queues = new Map<number, Promise<void>>();

  constructor(private readonly deps: WorldDriverDeps) {}

  start(clock: Room["clock"]): void {
    for (const view of this.deps.world.npcViews()) this.deps.players.mirror.upsertNpc(view);
    for (const view of this.deps.world.resourceViews()) this.deps.players.mirror.resources.upsert(view);
    clock.setInterval(() => void this.runTick(), this.deps.rules.gameTickMs);
  }

  /** One tick: the world's step, then the stored side and the periodic jobs. Skipped while the last one runs. */
  async runTick(): Promise<void> {
    if (this.busy) {
      this.deps.metrics?.tickSkipped?.();
      return;
    }
    this.busy = true;
    try {
      const started = performance.now();
      const events = this.deps.world.step(++this.tick, this.deps.random);
      this.show(events);
      this.deps.metrics?.tick?.((performance.now() - started) / 1000);
      await Promise.all([this.store(events), this.deps.players.runClockJobs(this.tick, this.deps.rules.gameTickMs)]);
    } catch (err) {
      this.deps.log.error({ err, tick: this.tick }, "tick failed");
    } finally {
      this.busy = false;
    }
  }

  shown(snapshot: PlayerSnapshot): void {
    this.deps.world.upsertPlayer(worldPlayerOf(snapshot, this.deps.services.items.getById));
    // A move, a teleport or death ends the player's gathering or cooking.
    this.show(this.deps.world.takeEvents());
  }

  gone(playerId: number): void {
    this.deps.world.removePlayer(playerId);
  }

  attack(playerId: number, target: EntityRef): Result<void> {
    return this.deps.world.attack(playerId, target);
  }

  stopAttack(playerId: number): void {
    this.deps.world.stopAttack(playerId);
  }

  ate(playerId: number): void {
    this.deps.world.delaySwing(playerId, this.deps.rules.eatSwingDelayTicks);
  }

  spawn(adminId: number, kind: string, x?: number, y?: number): Result<{ npcId: number }> {
    const at = this.deps.world.playerAt(adminId);
    if (!at) return fail("NOT_FOUND", "you are not on this map");
    const spawned = this.deps.world.spawn(kind, { x: x ?? at.x, y: y ?? at.y });
    this.show(this.deps.world.takeEvents());
    return spawned.ok ? ok(spawned.data) : spawned;
  }

  shopkeeper(playerId: number, npcId: number): Result<Shopkeeper> {
    return this.deps.world.shopkeeper(playerId, npcId);
  }

  gather(playerId: number, resourceId: number): Result<void> {
    const started = this.deps.world.gather(playerId, resourceId);
    if (started.ok) this.deps.players.mirror.setActivity(playerId, "gathering");
    return started;
  }

  cook(playerId: number, slot: number, resourceId: number): Result<void> {
    const started = this.deps.world.cook(playerId, slot, resourceId);
    if (started.ok) this.deps.players.mirror.setActivity(playerId, "cooking");
    return started;
  }

  interrupt(playerId: number): void {
    if (this.deps.world.stopActivity(playerId)) this.deps.players.mirror.setActivity(playerId, "");
  }

  /** Puts the tick's NPC changes into the schema and sends the `hit`s of swings at NPCs. */
  private show(events: readonly WorldEvent[]): void {
    if (events.length === 0) return;
    const { world, players } = this.deps;
    const mirror = players.mirror;
    const outbox = new Outbox();
    for (const event of events) {
      switch (event.type) {
        case "npcMoved": {
          const view = world.npcView(event.npcId);
          if (view) mirror.moveNpc(view);
          break;
        }
        case "npcAppeared":
        case "npcHealed": {
          const view = world.npcView(event.npcId);
          if (view) mirror.upsertNpc(view);
          break;
        }
        case "npcHit": {
          const view = world.npcView(event.npcId);
          if (view) mirror.upsertNpc(view);
          const hit: HitMessage = {
            attackerType: "player", attackerId: event.attackerId, targetType: "npc", targetId: event.npcId,
            damage: event.damage, hp: event.hp, maxHp: event.maxHp,
          };
          outbox.add(mirror.viewersOfNpc(event.npcId), hit);
          break;
        }
        case "npcDied":
          mirror.removeNpc(event.npcId);
          break;
        case "playerHit": {
          // An NPC turns to face the player it swings at.
          const view = event.attacker.type === "npc" ? world.npcView(event.attacker.id) : undefined;
          if (view) mirror.upsertNpc(view);
          break;
        }
        case "resourceChanged": {
          const view = world.resourceView(event.resourceId);
          if (view) mirror.resources.upsert(view);
          break;
        }
        case "activityEnded":
          mirror.setActivity(event.playerId, world.activityOf(event.playerId));
          break;
      }
    }
    outbox.flush();
  }

  /**
   * Stores the tick's consequences: one commit each, in event order per player, players in parallel. The
   * `hit`s of swings at players go out once all of them are stored.
   */
  private async store(events: readonly WorldEvent[]): Promise<void> {
    const { services, players, mapId } = this.deps;
    const work: Promise<void>[] = [];
    const outbox = new Outbox();
    for (const event of events) {
      if (event.type === "npcHit" && event.damage > 0) {
        work.push(this.serial(event.attackerId, async () => {
          const xp = await services.combat.swingXp(event.attackerId, event.style, event.damage);
          if (!xp.ok) return;
          await players.apply({ players: new Set([event.attackerId]), ground: [], chat: [] });
          this.tellLevelUps(event.attackerId, xp.data);
        }));
      } else if (event.type === "attempt") {
        work.push(this.serial(event.playerId, () => this.storeAttempt(event)));
      } else if (event.type === "playerHit") {
        work.push(this.serial(event.playerId, () => this.hitPlayer(event, outbox)));
      } else if (event.type === "npcDied" && event.drops.length > 0) {
        work.push((async () => {
          const items = await services.groundItems.createDrops({ mapId, x: event.x, y: event.y }, event.ownerId, event.drops);
          await players.apply({ players: new Set(), ground: items.map((item) => ({ kind: "added" as const, id: item.id, item })), chat: [] });
        })().catch((err: unknown) => this.deps.log.error({ err, npcId: event.npcId }, "could not create drops")));
      }
    }
    await Promise.all(work);
    outbox.flush();
  }

  private async hitPlayer(event: Extract<WorldEvent, { type: "playerHit" }>, outbox: Outbox): Promise<void> {
    const { combat } = this.deps.services;
    const byPlayer = event.attacker.type === "player";
    const outcome = byPlayer
      ? await combat.playerHitsPlayer(event.attacker.id, event.playerId, event.style ?? "accurate", event.damage)
      : await combat.npcHitsPlayer(event.playerId, event.damage);
    if (!outcome.ok) return;
    const { damage, hp, groundItemIds, levelUps } = outcome.data;
    const hit: HitMessage = {
      attackerType: event.attacker.type, attackerId: event.attacker.id, targetType: "player", targetId: event.playerId,
      damage, hp: hp.currentHp, maxHp: hp.maxHp,
    };
    outbox.add(this.deps.players.mirror.viewersOfPlayer(event.playerId), hit);
    const shown = new Set([event.playerId, ...(byPlayer ? [event.attacker.id] : [])]);
    await this.deps.players.apply({ players: shown, ground: groundItemIds.map((id) => ({ kind: "added" as const, id })), chat: [] });
    if (byPlayer) this.tellLevelUps(event.attacker.id, levelUps);
  }

  /**
   * Commits a gathering or cooking attempt (a failed gathering attempt has nothing to commit) and tells the
   * player `attempt` with the patch that shows it. A commit refused by the stored state as it is now (the
   * inventory filled up, the raw food left it) ends the activity instead.
   */
  private async storeAttempt(event: Extract<WorldEvent, { type: "attempt" }>): Promise<void> {
    const { gathering } = this.deps.services;
    const { playerId, itemId, xp, raw } = event;
    let levelUps: LevelUp[] = [];
    if (itemId !== null) {
      const stored = raw
        ? await gathering.cooked(playerId, raw.itemId, raw.slot, itemId, xp)
        : await gathering.gathered(playerId, itemId, event.skill, xp);
      if (!stored.ok) {
        this.interrupt(playerId);
        return;
      }
      levelUps = stored.data;
      await this.deps.players.apply({ players: new Set([playerId]), ground: [], chat: [] });
    }
    const attempt: AttemptMessage = { action: event.action, resourceId: event.resourceId, itemId, xp };
    this.deps.players.clientOf(playerId)?.send(SERVER_MESSAGES.attempt, attempt, { afterNextPatch: true });
    this.tellLevelUps(playerId, levelUps);
  }

  /** `levelUp`s go with the patch that shows the new levels, never ahead of it. */
  private tellLevelUps(playerId: number, levelUps: readonly LevelUp[]): void {
    const client = this.deps.players.clientOf(playerId);
    for (const { skill, level } of levelUps) client?.send(SERVER_MESSAGES.levelUp, { skill, level } satisfies LevelUpMessage, { afterNextPatch: true });
  }

  /** Runs `work` after the earlier work of the same player; failures are logged, never thrown. */
  private serial(playerId: number, work: () => Promise<void>): Promise<void> {
    const next = (this.queues.get(playerId) ?? Promise.resolve())
      .then(work)
      .catch((err: unknown) => this.deps.log.error({ err, playerId }, "could not apply a swing"));
    this.queues.set(playerId, next);
    void next.then(() => {
      if (this.queues.get(playerId) === next) this.queues.delete(playerId);
    });
    return next;
  }
}

/**
 * `hit` messages of one tick, each encoded once (as a room broadcast does) and sent to its viewers. A
 * client's messages of the tick go out in one socket write: with 200 players watching one fight, writing
 * each message on its own cost far more than encoding it (a system call per message per client).
 */
class Outbox {
  private readonly frames = new Map<Client, Buffer[]>();

  add(clients: readonly Client[], hit: HitMessage): void {
    if (clients.length === 0) return;
    const bytes = getMessageBytes.raw(Protocol.ROOM_DATA, SERVER_MESSAGES.hit, hit);
    for (const client of clients) {
      const queued = this.frames.get(client);
      if (queued) queued.push(bytes);
      else this.frames.set(client, [bytes]);
    }
  }

  flush(): void {
    for (const [client, frames] of this.frames) {
      // Without a corkable socket, frames go one by one.
      const socket = corkableSocket(client);
      socket?.cork();
      for (const frame of frames) client.enqueueRaw(frame);
      socket?.uncork();
    }
    this.frames.clear();
  }
}
