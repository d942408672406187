import { StateView } from "@colyseus/schema";
import type { Client } from "@colyseus/core";
import type { PlayerView } from "../services/PlayerViewService.js";
import type { PlayerSnapshot } from "../state/PlayerSnapshot.js";
import type { GroundItem, ItemStack } from "../state/types.js";
import {
  GroundItemState, ItemStackState, PersonalState, PlayerState, SkillStateSchema, type MapState,
} from "../schema/MapState.js";
import type { MapSchema } from "@colyseus/schema";
import { chebyshev } from "../services/rules/distance.js";

interface Member {
  client: Client;
  player: PlayerState;
  personal: PersonalState;
  seesPlayers: Set<number>;
  seesItems: Set<number>;
}

/**
 * Keeps the room's schema state in step with the stored state, and each client's StateView with its
 * area of interest: players and ground items within `radiusTiles` (Chebyshev), protected items only for
 * their dropper, the client's own `personal` entry and no other.
 */
export class StateMirror {
  private readonly members = new Map<number, Member>();
  private readonly items = new Map<number, GroundItem>();
  /** Members by column and by row: a one-tile step can only change who sees whom on four of them. */
  private readonly byColumn = new Map<number, Set<number>>();
  private readonly byRow = new Map<number, Set<number>>();

  constructor(
    private readonly state: MapState,
    private readonly radiusTiles: number,
  ) {}

  has(playerId: number): boolean {
    return this.members.has(playerId);
  }

  playerIds(): number[] {
    return [...this.members.keys()];
  }

  clientOf(playerId: number): Client | undefined {
    return this.members.get(playerId)?.client;
  }

  isDead(playerId: number): boolean {
    return this.members.get(playerId)?.player.dead ?? false;
  }

  /**
   * The clients of the players within the area of interest of `playerId` (itself included): seeing is
   * mutual, so these are also the clients that see it.
   */
  clientsNear(playerId: number): Client[] {
    const seen = this.members.get(playerId)?.seesPlayers ?? [];
    return [...seen].flatMap((id) => {
      const client = this.members.get(id)?.client;
      return client ? [client] : [];
    });
  }

  positionOf(playerId: number): { x: number; y: number } | undefined {
    const player = this.members.get(playerId)?.player;
    return player ? { x: player.x, y: player.y } : undefined;
  }

  add(client: Client, snapshot: PlayerSnapshot, view: PlayerView): void {
    const id = snapshot.playerId;
    const player = new PlayerState();
    player.id = id;
    player.username = snapshot.username;
    const personal = new PersonalState();
    client.view ??= new StateView();
    this.state.players.set(String(id), player);
    this.state.personal.set(String(id), personal);
    client.view.add(player);
    client.view.add(personal);
    this.members.set(id, { client, player, personal, seesPlayers: new Set([id]), seesItems: new Set() });
    player.x = snapshot.position.x;
    player.y = snapshot.position.y;
    this.index(id, player, true);
    this.update(snapshot, view);
    this.refreshInterest(id);
  }

  /** Rebinds a reconnected client to its player. */
  rebind(playerId: number, client: Client): void {
    const member = this.members.get(playerId);
    if (member) member.client = client;
  }

  remove(playerId: number): void {
    const member = this.members.get(playerId);
    if (!member) return;
    this.members.delete(playerId);
    this.index(playerId, member.player, false);
    for (const other of this.members.values()) {
      if (other.seesPlayers.delete(playerId)) other.client.view?.remove(member.player);
    }
    this.state.players.delete(String(playerId));
    this.state.personal.delete(String(playerId));
  }

  /** Copies a snapshot into the schema; refreshes the areas of interest when the player moved. */
  update(snapshot: PlayerSnapshot, view: PlayerView, facing?: string): void {
    const member = this.members.get(snapshot.playerId);
    if (!member) return;
    const { player, personal } = member;
    const from = { x: player.x, y: player.y };
    const moved = player.x !== snapshot.position.x || player.y !== snapshot.position.y;
    if (moved) this.index(snapshot.playerId, player, false);
    player.x = snapshot.position.x;
    player.y = snapshot.position.y;
    if (moved) this.index(snapshot.playerId, player, true);
    if (facing) player.facing = facing;
    player.hp = snapshot.hp.currentHp;
    player.maxHp = snapshot.hp.maxHp;
    player.dead = view.dead;
    player.combatLevel = view.combatLevel;
    syncStacks(personal.inventory, new Map([...snapshot.inventory].map(([slot, s]) => [String(slot), s])));
    syncStacks(personal.equipment, new Map([...snapshot.equipment].map(([slot, s]) => [String(slot), s])));
    for (const [name, skill] of snapshot.skills) {
      let entry = personal.skills.get(name);
      if (!entry) personal.skills.set(name, (entry = new SkillStateSchema()));
      if (entry.level !== skill.level) entry.level = skill.level;
      if (entry.xp !== skill.xp) entry.xp = skill.xp;
    }
    Object.assign(personal.stats, view.stats);
    if (moved) this.refreshInterest(snapshot.playerId, Date.now(), from);
  }

  /** Replaces the mirrored ground items by the stored ones and refreshes every client's view of them. */
  setGroundItems(items: readonly GroundItem[], nowMs: number): void {
    const current = new Set(items.map((i) => i.id));
    for (const id of this.items.keys()) if (!current.has(id)) this.removeGroundItem(id);
    for (const item of items) this.putGroundItem(item);
    for (const id of this.members.keys()) this.refreshItems(id, nowMs);
  }

  /** Shows one new or changed ground item to the clients that may see it. */
  upsertGroundItem(item: GroundItem, nowMs: number): void {
    this.putGroundItem(item);
    for (const id of this.members.keys()) this.refreshItems(id, nowMs, item.id);
  }

  setGroundItemQuantity(id: number, quantity: number): void {
    const item = this.items.get(id);
    const schema = this.state.groundItems.get(String(id));
    if (!item || !schema) return;
    item.quantity = quantity;
    schema.quantity = quantity;
  }

  private putGroundItem(item: GroundItem): void {
    const known = this.items.get(item.id);
    let schema = this.state.groundItems.get(String(item.id));
    if (!schema) {
      schema = new GroundItemState();
      schema.id = item.id;
      schema.itemId = item.itemId;
      schema.x = item.x;
      schema.y = item.y;
      this.state.groundItems.set(String(item.id), schema);
    }
    if (!known || known.quantity !== item.quantity) schema.quantity = item.quantity;
    this.items.set(item.id, { ...item });
  }

  removeGroundItem(id: number): void {
    const schema = this.state.groundItems.get(String(id));
    this.items.delete(id);
    for (const member of this.members.values()) {
      if (member.seesItems.delete(id) && schema) member.client.view?.remove(schema);
    }
    this.state.groundItems.delete(String(id));
  }

  /**
   * Recomputes which players and ground items `playerId` sees, and who sees `playerId`. After a one-tile
   * step from `from`, only the members on the four columns (or rows) at the edge of the area can change
   * sides, so only they are checked; any other change of position checks everyone.
   */
  refreshInterest(playerId: number, nowMs = Date.now(), from?: { x: number; y: number }): void {
    const member = this.members.get(playerId);
    if (!member) return;
    for (const otherId of this.candidates(member.player, from)) {
      const other = this.members.get(otherId);
      if (otherId === playerId || !other) continue;
      const near = this.near(member.player, other.player);
      this.toggle(member, member.seesPlayers, otherId, other.player, near);
      this.toggle(other, other.seesPlayers, playerId, member.player, near);
    }
    this.refreshItems(playerId, nowMs);
  }

  private candidates(to: { x: number; y: number }, from?: { x: number; y: number }): Iterable<number> {
    const step = from ? Math.abs(to.x - from.x) + Math.abs(to.y - from.y) : 0;
    if (!from || step !== 1) return this.members.keys();
    const r = this.radiusTiles;
    const [lines, at] = from.x !== to.x ? [this.byColumn, to.x] : [this.byRow, to.y];
    const found: number[] = [];
    for (const line of [at - r - 1, at - r, at + r, at + r + 1]) for (const id of lines.get(line) ?? []) found.push(id);
    return found;
  }

  private index(id: number, at: { x: number; y: number }, present: boolean): void {
    for (const [lines, line] of [[this.byColumn, at.x], [this.byRow, at.y]] as const) {
      let ids = lines.get(line);
      if (present) {
        if (!ids) lines.set(line, (ids = new Set()));
        ids.add(id);
      } else if (ids) {
        ids.delete(id);
        if (ids.size === 0) lines.delete(line);
      }
    }
  }

  private refreshItems(playerId: number, nowMs: number, onlyItemId?: number): void {
    const member = this.members.get(playerId);
    if (!member) return;
    const items = onlyItemId === undefined ? this.items.values() : [this.items.get(onlyItemId)].filter((i) => i !== undefined);
    for (const item of items) {
      const schema = this.state.groundItems.get(String(item.id));
      if (!schema) continue;
      const visible = this.near(member.player, item) && item.despawnAtMs > nowMs &&
        (item.publicAtMs <= nowMs || item.droppedBy === playerId);
      this.toggle(member, member.seesItems, item.id, schema, visible);
    }
  }

  private toggle(member: Member, seen: Set<number>, id: number, entity: PlayerState | GroundItemState, visible: boolean) {
    if (visible && !seen.has(id)) {
      seen.add(id);
      member.client.view?.add(entity);
    } else if (!visible && seen.has(id)) {
      seen.delete(id);
      member.client.view?.remove(entity);
    }
  }

  private near(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
    return chebyshev(a, b) <= this.radiusTiles;
  }
}

function syncStacks(target: MapSchema<ItemStackState>, source: Map<string, ItemStack>): void {
  for (const key of [...target.keys()]) if (!source.has(key)) target.delete(key);
  for (const [key, stack] of source) {
    let entry = target.get(key);
    if (!entry) target.set(key, (entry = new ItemStackState()));
    if (entry.itemId !== stack.itemId) entry.itemId = stack.itemId;
    if (entry.quantity !== stack.quantity) entry.quantity = stack.quantity;
    const durability = stack.durability ?? -1;
    if (entry.durability !== durability) entry.durability = durability;
  }
}
