import assert from "node:assert/strict";
import type { Client } from "@colyseus/core";
import { Encoder, StateView } from "@colyseus/schema";
import { MapState } from "../../src/schema/MapState.js";
import { StateMirror } from "../../src/rooms/StateMirror.js";
import type { PlayerSnapshot } from "../../src/state/PlayerSnapshot.js";
import { seededRandom } from "../support/itemTotals.js";

const RADIUS = 5;
const view = { dead: false, combatLevel: 3, stats: { attack: 0, strength: 0, defence: 0, ranged: 0, magic: 0, health: 0 } };

function snapshot(playerId: number, x: number, y: number): PlayerSnapshot {
  return {
    playerId, username: `p${playerId}`, version: 1, respawnAtMs: null, position: { mapId: "town", x, y },
    hp: { currentHp: 10, maxHp: 10 }, inventory: new Map(), equipment: new Map(), skills: new Map(), combatStyle: "accurate",
  };
}

describe("StateMirror: area of interest", () => {
  it("shows each client exactly the players within the radius after random steps and jumps", () => {
    const state = new MapState();
    new Encoder(state); // attaches the state to a root, as a room does, so views can track it
    const mirror = new StateMirror(state, RADIUS);
    const random = seededRandom(42);
    const position = new Map<number, { x: number; y: number }>();
    const views = new Map<number, StateView>();
    for (let id = 1; id <= 30; id++) {
      const at = { x: Math.floor(random() * 30), y: Math.floor(random() * 30) };
      const client = { view: new StateView() } as unknown as Client;
      views.set(id, client.view!);
      position.set(id, at);
      mirror.add(client, snapshot(id, at.x, at.y), view);
    }
    for (let step = 0; step < 3_000; step++) {
      const id = 1 + Math.floor(random() * 30);
      const at = position.get(id)!;
      const next = random() < 0.95
        ? [{ x: at.x + 1, y: at.y }, { x: at.x - 1, y: at.y }, { x: at.x, y: at.y + 1 }, { x: at.x, y: at.y - 1 }][Math.floor(random() * 4)]!
        : { x: Math.floor(random() * 30), y: Math.floor(random() * 30) };
      position.set(id, next);
      mirror.update(snapshot(id, next.x, next.y), view);
    }
    for (const [id, clientView] of views) {
      for (const [otherId, other] of position) {
        const me = position.get(id)!;
        const expected = otherId === id || Math.max(Math.abs(me.x - other.x), Math.abs(me.y - other.y)) <= RADIUS;
        assert.equal(clientView.has(state.players.get(String(otherId))!), expected, `${id} sees ${otherId}`);
      }
    }
  });
});
