import assert from "node:assert/strict";
import type { Client } from "@colyseus/core";
import { Encoder, StateView } from "@colyseus/schema";
import { loadConfig } from "../../src/config/config.js";
import { loadMaps } from "../../src/content/loadMaps.js";
import { MapState } from "../../src/schema/MapState.js";
import { StateMirror } from "../../src/rooms/StateMirror.js";
import type { NpcView } from "../../src/services/world/worldTypes.js";
import type { PlayerSnapshot } from "../../src/state/PlayerSnapshot.js";
import { seededRandom } from "../support/itemTotals.js";

const view = { dead: false, combatLevel: 3, stats: { attack: 0, strength: 0, defence: 0, ranged: 0, magic: 0, health: 0 } };

function snapshot(playerId: number, x: number, y: number): PlayerSnapshot {
  return {
    playerId, username: `p${playerId}`, version: 1, respawnAtMs: null, position: { mapId: "town", x, y },
    hp: { currentHp: 10, maxHp: 10 }, inventory: new Map(), equipment: new Map(), skills: new Map(), combatStyle: "accurate",
  };
}

function npcView(id: number, x: number, y: number): NpcView {
  return { id, kind: "rat", x, y, facing: "down", hp: 4, maxHp: 4, combatLevel: 1 };
}

interface Field {
  width: number;
  height: number;
  radiusTiles: number;
  players: number;
  /** Where the NPCs start: one per entry. */
  npcs: { x: number; y: number }[];
  groundItems: number;
  /** Where the resources are (they never move). */
  resources: { x: number; y: number }[];
  steps: number;
  /** How often (in steps) every client's view is checked against brute force. */
  checkEvery: number;
  seed: number;
}

/**
 * Players and NPCs take random one-tile steps (and now and then jump anywhere, or an NPC dies and
 * respawns elsewhere) over a field; at each check, every client must see exactly the players, NPCs,
 * resources and ground items within `radiusTiles` of its player (Chebyshev), itself always, as brute
 * force says.
 */
function checkAgainstBruteForce(field: Field): void {
  const state = new MapState();
  new Encoder(state); // attaches the state to a root, as a room does, so views can track it
  const mirror = new StateMirror(state, field.radiusTiles);
  const random = seededRandom(field.seed);
  const anywhere = () => ({ x: Math.floor(random() * field.width), y: Math.floor(random() * field.height) });
  const step = (at: { x: number; y: number }) => {
    const [dx, dy] = ([[1, 0], [-1, 0], [0, 1], [0, -1]] as const)[Math.floor(random() * 4)]!;
    return { x: Math.min(field.width - 1, Math.max(0, at.x + dx)), y: Math.min(field.height - 1, Math.max(0, at.y + dy)) };
  };
  // The room shows its resources when it starts, before anyone joins.
  field.resources.forEach((at, i) => mirror.resources.upsert({ id: i + 1, kind: "tree", ...at, depleted: false }));
  const players = new Map<number, { x: number; y: number }>();
  const views = new Map<number, StateView>();
  for (let id = 1; id <= field.players; id++) {
    const at = anywhere();
    const client = { view: new StateView() } as unknown as Client;
    views.set(id, client.view!);
    players.set(id, at);
    mirror.add(client, snapshot(id, at.x, at.y), view);
  }
  const npcs = new Map<number, { x: number; y: number }>();
  field.npcs.forEach((at, i) => {
    npcs.set(i + 1, { ...at });
    mirror.upsertNpc(npcView(i + 1, at.x, at.y));
  });
  const items = Array.from({ length: field.groundItems }, (_, i) => ({
    id: i + 1, itemId: 1, mapId: "test", ...anywhere(), quantity: 1, durability: null, droppedBy: null, droppedAtMs: 0, publicAtMs: 0, despawnAtMs: Number.MAX_SAFE_INTEGER, version: 1,
  }));
  mirror.setGroundItems(items, 1);

  const check = (when: number) => {
    for (const [id, clientView] of views) {
      const me = players.get(id)!;
      const near = (p: { x: number; y: number }) => Math.max(Math.abs(me.x - p.x), Math.abs(me.y - p.y)) <= field.radiusTiles;
      for (const [otherId, other] of players) {
        assert.equal(clientView.has(state.players.get(String(otherId))!), otherId === id || near(other), `step ${when}: ${id} sees player ${otherId}`);
      }
      for (const [npcId, npc] of npcs) assert.equal(clientView.has(state.npcs.get(String(npcId))!), near(npc), `step ${when}: ${id} sees NPC ${npcId}`);
      field.resources.forEach((at, i) => assert.equal(clientView.has(state.resources.get(String(i + 1))!), near(at), `step ${when}: ${id} sees resource ${i + 1}`));
      for (const item of items) assert.equal(clientView.has(state.groundItems.get(String(item.id))!), near(item), `step ${when}: ${id} sees item ${item.id}`);
    }
  };
  for (let s = 1; s <= field.steps; s++) {
    const roll = random();
    if (roll < 0.6 || npcs.size === 0) {
      const id = 1 + Math.floor(random() * field.players);
      const next = random() < 0.95 ? step(players.get(id)!) : anywhere();
      players.set(id, next);
      mirror.update(snapshot(id, next.x, next.y), view);
    } else if (roll < 0.98) {
      const id = 1 + Math.floor(random() * npcs.size);
      const next = step(npcs.get(id)!);
      npcs.set(id, next);
      mirror.moveNpc(npcView(id, next.x, next.y));
    } else {
      const id = 1 + Math.floor(random() * npcs.size);
      const next = anywhere();
      mirror.removeNpc(id);
      npcs.set(id, next);
      mirror.upsertNpc(npcView(id, next.x, next.y));
    }
    if (s % field.checkEvery === 0) check(s);
  }
  check(field.steps);
}

describe("StateMirror: area of interest", () => {
  it("shows each client exactly the players, NPCs, resources and ground items within the radius after random steps and jumps", () => {
    const random = seededRandom(7);
    const npcs = Array.from({ length: 20 }, () => ({ x: Math.floor(random() * 30), y: Math.floor(random() * 30) }));
    const resources = Array.from({ length: 15 }, () => ({ x: Math.floor(random() * 30), y: Math.floor(random() * 30) }));
    checkAgainstBruteForce({ width: 30, height: 30, radiusTiles: 5, players: 30, npcs, groundItems: 20, resources, steps: 3_000, checkEvery: 500, seed: 42 });
  });

  it("does so at the mainland's size, with its area of interest and its NPCs where the map spawns them", () => {
    const mainland = loadMaps().get("mainland")!;
    checkAgainstBruteForce({
      width: mainland.width,
      height: mainland.height,
      radiusTiles: loadConfig({ NODE_ENV: "test" }).rules.areaOfInterestTiles,
      players: 300,
      npcs: mainland.npcSpawns.map((spawn) => ({ x: spawn.x, y: spawn.y })),
      groundItems: 200,
      resources: mainland.resources.map((r) => ({ x: r.x, y: r.y })),
      steps: 30_000,
      checkEvery: 10_000,
      seed: 2024,
    });
  });
});
