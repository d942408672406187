import { Room, type Client } from "@colyseus/core";
import type { GameMap } from "../src/content/GameMap.js";
import { loadMaps } from "../src/content/loadMaps.js";
import { npcKindByName } from "../src/content/npcKinds.js";
import { loadConfig } from "../src/config/config.js";
import { corked } from "../src/rooms/corked.js";
import { StateMirror } from "../src/rooms/StateMirror.js";
import { MapState } from "../src/schema/MapState.js";
import { initialSkills } from "../src/services/rules/initialSkills.js";
import type { PlayerView } from "../src/services/PlayerViewService.js";
import type { PlayerSnapshot } from "../src/state/PlayerSnapshot.js";
import { starterInventory } from "./lib/starterKit.js";

const STEP: Record<string, { dx: number; dy: number }> = { left: { dx: -1, dy: 0 }, right: { dx: 1, dy: 0 }, up: { dx: 0, dy: -1 }, down: { dx: 0, dy: 1 } };
const VIEW: PlayerView = { dead: false, combatLevel: 3, stats: { attack: 0, strength: 0, defence: 0, ranged: 0, magic: 0, health: 0 } };

let maps: Map<string, GameMap> | null = null;

/**
 * The bench's same-state limit: a Colyseus room with the map room's schema (`MapState`) and its interest
 * management (`StateMirror`: the same StateViews, the same area of interest), the map's NPCs standing on
 * their spawns, and each bot's player where the bot says it stands (join options `{id, x, y}`), with the
 * starter kit and the initial skills. A `move` steps the player (no collision, no cooldown), an
 * `inventory:move` swaps two slots, any other message does nothing; every message is answered with a
 * `result` after the next patch, like the map room, in the same write as the patch (`corked`). No auth, no storage, no rules, no world clock.
 */
export class BareViewRoom extends Room<{ state: MapState }> {
  override state = new MapState();
  private readonly players = new Map<string, PlayerSnapshot>();
  private mirror!: StateMirror;
  private skills!: PlayerSnapshot["skills"];

  override onCreate(options: { mapId?: unknown }): void {
    const config = loadConfig({ ...process.env, NODE_ENV: "production", JWT_SECRET: "x".repeat(32) });
    this.state.mapId = typeof options.mapId === "string" ? options.mapId : "";
    this.mirror = new StateMirror(this.state, config.rules.areaOfInterestTiles);
    maps ??= loadMaps();
    for (const [i, spawn] of (maps.get(this.state.mapId)?.npcSpawns ?? []).entries()) {
      const kind = npcKindByName(spawn.kind);
      const hp = kind?.levels.hitpoints ?? 10;
      this.mirror.upsertNpc({ id: i + 1, kind: spawn.kind, x: spawn.x, y: spawn.y, facing: "down", hp, maxHp: hp, combatLevel: 1 });
    }
    this.skills = initialSkills(config.rules);
    this.onMessage("*", (client, type, payload) => {
      const seq = (payload as { seq?: unknown } | null)?.seq;
      const snapshot = this.players.get(client.sessionId);
      if (snapshot) this.apply(snapshot, String(type), payload as Record<string, unknown> | null);
      client.send("result", { seq: typeof seq === "number" ? seq : null, type: String(type), ok: true }, { afterNextPatch: true });
    });
  }

  /** As the map room: each client's patch and its results in one write. */
  override broadcastPatch(): boolean {
    return corked(this.clients, () => super.broadcastPatch());
  }

  override onJoin(client: Client, options: { id?: unknown; x?: unknown; y?: unknown }): void {
    const num = (v: unknown, fallback: number) => (typeof v === "number" && Number.isInteger(v) ? v : fallback);
    const playerId = num(options?.id, this.players.size + 1);
    const snapshot: PlayerSnapshot = {
      playerId,
      username: `bare${playerId}`,
      version: 1,
      position: { mapId: this.state.mapId, x: num(options?.x, 0), y: num(options?.y, 0) },
      hp: { currentHp: 10, maxHp: 10 },
      respawnAtMs: null,
      inventory: starterInventory(),
      equipment: new Map(),
      skills: new Map(this.skills),
      combatStyle: "accurate",
    };
    this.players.set(client.sessionId, snapshot);
    this.mirror.add(client, snapshot, VIEW);
  }

  override onLeave(client: Client): void {
    const snapshot = this.players.get(client.sessionId);
    this.players.delete(client.sessionId);
    if (snapshot) this.mirror.remove(snapshot.playerId);
  }

  private apply(snapshot: PlayerSnapshot, type: string, payload: Record<string, unknown> | null): void {
    if (type === "move") {
      const step = STEP[String(payload?.dir)];
      if (!step) return;
      snapshot.position = { ...snapshot.position, x: snapshot.position.x + step.dx, y: snapshot.position.y + step.dy };
      this.mirror.update(snapshot, VIEW, String(payload?.dir));
    } else if (type === "inventory:move") {
      const from = Number(payload?.from);
      const to = Number(payload?.to);
      // A new Map, as the map room's snapshots are never changed in place (see `StateMirror.update`).
      const inventory = new Map(snapshot.inventory);
      const a = inventory.get(from);
      const b = inventory.get(to);
      inventory.delete(from);
      inventory.delete(to);
      if (a) inventory.set(to, a);
      if (b) inventory.set(from, b);
      snapshot.inventory = inventory;
      this.mirror.update(snapshot, VIEW);
    }
  }
}
