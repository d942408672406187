import { StateView } from "@colyseus/schema";
import type { Client } from "@colyseus/core";
import type { PlayerView } from "../services/PlayerViewService.js";
import type { PlayerSnapshot } from "../state/PlayerSnapshot.js";
import type { StoredGroundItem } from "../state/GroundItemHotState.js";
import type { Bank, ItemStack } from "../state/types.js";
import {
  GroundItemState, ItemStackState, NpcState, PersonalState, PlayerState, SkillStateSchema, type MapState,
} from "../schema/MapState.js";
import type { MapSchema } from "@colyseus/schema";
import { chebyshev } from "../services/rules/distance.js";
import type { NpcView } from "../services/world/worldTypes.js";
import type { Activity } from "../protocol/messages.js";
import { LineIndex } from "./LineIndex.js";
import { ResourceMirror } from "./ResourceMirror.js";
import { sees, setVisible } from "./viewToggle.js";

/** A player of the room; what its client sees is what its StateView holds (`sees`, `setVisible`). */
interface Member {
  client: Client;
  player: PlayerState;
  personal: PersonalState;
  /** The snapshot collections last copied into `personal` (see `update`). */
  shown: { inventory?: PlayerSnapshot["inventory"]; equipment?: PlayerSnapshot["equipment"]; skills?: PlayerSnapshot["skills"] };
}

/**
 * Keeps the room's schema state in step with the stored state and the map's world, and each client's
 * StateView with its area of interest: players, NPCs, resources and ground items within `radiusTiles` (Chebyshev),
 * protected items only for their dropper, the client's own `personal` entry and no other. Players and
 * NPCs are indexed by column and row, so a one-tile step of either checks only the other side's
 * members on the edge of the area, not the whole map.
 */
export class StateMirror {
  private readonly members = new Map<number, Member>();
  private readonly items = new Map<number, StoredGroundItem>();
  private readonly npcs = new Map<number, NpcState>();
  private readonly playerLines = new LineIndex();
  private readonly npcLines = new LineIndex();
  /** The map's resources (trees, rocks, fishing spots, fires, ranges). */
  readonly resources: ResourceMirror;

  constructor(
    private readonly state: MapState,
    private readonly radiusTiles: number,
  ) {
    this.resources = new ResourceMirror(state, radiusTiles);
  }

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

  /** Whether the player's entry shows exactly `hp`. */
  showsHp(playerId: number, hp: { currentHp: number; maxHp: number }): boolean {
    const player = this.members.get(playerId)?.player;
    return player !== undefined && player.hp === hp.currentHp && player.maxHp === hp.maxHp;
  }

  /**
   * The clients of the players within the area of interest of `playerId` (itself included): seeing is
   * mutual, so these are also the clients that see it.
   */
  clientsNear(playerId: number): Client[] {
    const member = this.members.get(playerId);
    if (!member) return [];
    const near: Client[] = [];
    for (const other of this.members.values()) if (other === member || sees(member.client, other.player)) near.push(other.client);
    return near;
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
    this.members.set(id, { client, player, personal, shown: {} });
    player.x = snapshot.position.x;
    player.y = snapshot.position.y;
    this.playerLines.add(id, player);
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
    this.playerLines.remove(playerId, member.player);
    for (const other of this.members.values()) setVisible(other.client, member.player, false);
    this.state.players.delete(String(playerId));
    this.state.personal.delete(String(playerId));
  }

  /**
   * Copies a snapshot into the schema; refreshes the areas of interest when the player moved. A snapshot's
   * collections are never changed in place (a changed one is a new Map): one already copied is skipped.
   */
  update(snapshot: PlayerSnapshot, view: PlayerView, facing?: string): void {
    const member = this.members.get(snapshot.playerId);
    if (!member) return;
    const { player, personal, shown } = member;
    const from = { x: player.x, y: player.y };
    const moved = player.x !== snapshot.position.x || player.y !== snapshot.position.y;
    if (moved) this.playerLines.remove(snapshot.playerId, player);
    player.x = snapshot.position.x;
    player.y = snapshot.position.y;
    if (moved) this.playerLines.add(snapshot.playerId, player);
    if (facing) player.facing = facing;
    player.hp = snapshot.hp.currentHp;
    player.maxHp = snapshot.hp.maxHp;
    player.dead = view.dead;
    player.combatLevel = view.combatLevel;
    if (shown.inventory !== snapshot.inventory) {
      syncStacks(personal.inventory, new Map([...snapshot.inventory].map(([slot, s]) => [String(slot), s])));
      shown.inventory = snapshot.inventory;
    }
    if (shown.equipment !== snapshot.equipment) {
      syncStacks(personal.equipment, new Map([...snapshot.equipment].map(([slot, s]) => [String(slot), s])));
      shown.equipment = snapshot.equipment;
    }
    if (shown.skills !== snapshot.skills) {
      for (const [name, skill] of snapshot.skills) {
        let entry = personal.skills.get(name);
        if (!entry) personal.skills.set(name, (entry = new SkillStateSchema()));
        if (entry.level !== skill.level) entry.level = skill.level;
        if (entry.xp !== skill.xp) entry.xp = skill.xp;
      }
      shown.skills = snapshot.skills;
    }
    Object.assign(personal.stats, view.stats);
    if (personal.combatStyle !== snapshot.combatStyle) personal.combatStyle = snapshot.combatStyle;
    if (moved) this.refreshInterest(snapshot.playerId, Date.now(), from);
  }

  /** Shows the player what it is doing (its own client only). */
  setActivity(playerId: number, activity: Activity): void {
    const personal = this.members.get(playerId)?.personal;
    if (personal && personal.activity !== activity) personal.activity = activity;
  }

  /** Copies the player's bank into its `personal` entry (only its own client sees it). */
  setBank(playerId: number, bank: Bank): void {
    const member = this.members.get(playerId);
    if (member) syncStacks(member.personal.bank, new Map([...bank].map(([slot, s]) => [String(slot), s])));
  }

  /** Replaces the mirrored ground items by the stored ones and refreshes every client's view of them. */
  setGroundItems(items: readonly StoredGroundItem[], nowMs: number): void {
    const current = new Set(items.map((i) => i.id));
    for (const id of this.items.keys()) if (!current.has(id)) this.removeGroundItem(id);
    for (const item of items) this.putGroundItem(item);
    this.refreshGroundItemViews(nowMs);
  }

  /** Refreshes every client's view of the ground items at `nowMs` (protections end, despawn times pass). */
  refreshGroundItemViews(nowMs: number): void {
    for (const id of this.members.keys()) this.refreshItems(id, nowMs);
  }

  /** Shows one new or changed ground item to the clients that may see it. */
  upsertGroundItem(item: StoredGroundItem, nowMs: number): void {
    this.putGroundItem(item);
    for (const id of this.members.keys()) this.refreshItems(id, nowMs, item.id);
  }

  /** A ground item of the map as last stored (with its version), or undefined when the room holds none. */
  groundItem(id: number): StoredGroundItem | undefined {
    const item = this.items.get(id);
    return item && { ...item };
  }

  setGroundItemQuantity(id: number, quantity: number, version: number): void {
    const item = this.items.get(id);
    const schema = this.state.groundItems.get(String(id));
    if (!item || !schema) return;
    item.quantity = quantity;
    item.version = version;
    schema.quantity = quantity;
  }

  private putGroundItem(item: StoredGroundItem): void {
    const previous = this.items.get(item.id);
    // An id handed out again after Valkey lost its data names another item: show it afresh.
    if (previous && (previous.itemId !== item.itemId || previous.x !== item.x || previous.y !== item.y)) this.removeGroundItem(item.id);
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
    if (schema) for (const member of this.members.values()) setVisible(member.client, schema, false);
    this.state.groundItems.delete(String(id));
  }

  /**
   * Recomputes which players, NPCs and ground items `playerId` sees, and who sees `playerId`. After a
   * one-tile step from `from`, only the players and NPCs on the four columns (or rows) at the edge of the
   * area can change sides, so only they are checked; any other change of position checks everyone.
   */
  refreshInterest(playerId: number, nowMs = Date.now(), from?: { x: number; y: number }): void {
    const member = this.members.get(playerId);
    if (!member) return;
    for (const otherId of this.playerLines.boundary(member.player, from, this.radiusTiles) ?? this.members.keys()) {
      const other = this.members.get(otherId);
      if (otherId === playerId || !other) continue;
      const near = this.near(member.player, other.player);
      setVisible(member.client, other.player, near);
      setVisible(other.client, member.player, near);
    }
    for (const npcId of this.npcLines.boundary(member.player, from, this.radiusTiles) ?? this.npcs.keys()) {
      const npc = this.npcs.get(npcId);
      if (npc) setVisible(member.client, npc, this.near(member.player, npc));
    }
    this.resources.refresh(member.client, member.player, from);
    this.refreshItems(playerId, nowMs);
  }

  /** Shows a new (or respawned) NPC, or its changed HP and facing, to the clients within range of it. */
  upsertNpc(view: NpcView): void {
    let npc = this.npcs.get(view.id);
    if (!npc) {
      npc = new NpcState();
      npc.id = view.id;
      npc.kind = view.kind;
      npc.x = view.x;
      npc.y = view.y;
      this.npcs.set(view.id, npc);
      this.state.npcs.set(String(view.id), npc);
      this.npcLines.add(view.id, npc);
      this.setNpcFields(npc, view);
      for (const member of this.members.values()) setVisible(member.client, npc, this.near(member.player, npc));
      return;
    }
    if (npc.x !== view.x || npc.y !== view.y) this.moveNpc(view);
    else this.setNpcFields(npc, view);
  }

  /** Moves an NPC's entry; after a one-tile step only the players on the edge of its area are checked. */
  moveNpc(view: NpcView): void {
    const npc = this.npcs.get(view.id);
    if (!npc) return this.upsertNpc(view);
    const from = { x: npc.x, y: npc.y };
    this.npcLines.remove(view.id, npc);
    npc.x = view.x;
    npc.y = view.y;
    this.npcLines.add(view.id, npc);
    this.setNpcFields(npc, view);
    for (const playerId of this.playerLines.boundary(npc, from, this.radiusTiles) ?? this.members.keys()) {
      const member = this.members.get(playerId);
      if (member) setVisible(member.client, npc, this.near(member.player, npc));
    }
  }

  /** Removes a dead (or gone) NPC from every view and from the state. */
  removeNpc(npcId: number): void {
    const npc = this.npcs.get(npcId);
    if (!npc) return;
    this.npcs.delete(npcId);
    this.npcLines.remove(npcId, npc);
    for (const member of this.members.values()) setVisible(member.client, npc, false);
    this.state.npcs.delete(String(npcId));
  }

  /** The clients that see the player (its own client included). */
  viewersOfPlayer(playerId: number): Client[] {
    const player = this.members.get(playerId)?.player;
    return player ? [...this.members].filter(([id, m]) => id === playerId || sees(m.client, player)).map(([, m]) => m.client) : [];
  }

  /** The clients that see the NPC. */
  viewersOfNpc(npcId: number): Client[] {
    const npc = this.npcs.get(npcId);
    return npc ? [...this.members.values()].filter((m) => sees(m.client, npc)).map((m) => m.client) : [];
  }

  private setNpcFields(npc: NpcState, view: NpcView): void {
    if (npc.facing !== view.facing) npc.facing = view.facing;
    if (npc.hp !== view.hp) npc.hp = view.hp;
    if (npc.maxHp !== view.maxHp) npc.maxHp = view.maxHp;
    if (npc.combatLevel !== view.combatLevel) npc.combatLevel = view.combatLevel;
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
      setVisible(member.client, schema, visible);
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
