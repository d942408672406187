import assert from "node:assert/strict";
import { SchemaSerializer, type Client } from "@colyseus/core";
import { Decoder, MapSchema, Schema, StateView, type, view } from "@colyseus/schema";
import { ItemStackState, MapState, PersonalState, PlayerState } from "../../src/schema/MapState.js";
import { SharedOnceSerializer } from "../../src/rooms/SharedOnceSerializer.js";
import { seededRandom } from "../support/itemTotals.js";

/** One room's state with its serializer, driven by the same steps as its twin. */
class Twin<S extends MapState> {
  readonly state: S;
  readonly views = new Map<number, StateView>();
  readonly serializer: SchemaSerializer<S>;
  /** `shortcut`: Colyseus's serializer taken over, as the map room does; else Colyseus's own. */
  constructor(make: () => S, shortcut: boolean) {
    this.state = make();
    this.state.mapId = "town";
    const colyseus = new SchemaSerializer<S>();
    colyseus.reset(this.state);
    this.serializer = shortcut ? SharedOnceSerializer.takeOver(colyseus) : colyseus;
  }

  join(id: number, x: number): void {
    const player = new PlayerState().assign({ id, username: `p${id}`, x, y: 1, hp: 10, maxHp: 10 });
    const personal = new PersonalState();
    personal.inventory.set("0", new ItemStackState().assign({ itemId: id, quantity: 1 }));
    this.state.players.set(String(id), player);
    this.state.personal.set(String(id), personal);
    const v = new StateView();
    v.add(personal);
    for (const other of this.state.players.values()) if (Math.abs(other.x - x) <= 5) v.add(other);
    for (const [otherId, otherView] of this.views) if (Math.abs(this.state.players.get(String(otherId))!.x - x) <= 5) otherView.add(player);
    this.views.set(id, v);
  }

  fullState(id: number): Uint8Array {
    return Uint8Array.from(this.serializer.getFullState({ sessionId: String(id), view: this.views.get(id) } as unknown as Client));
  }
}

describe("SharedOnceSerializer", () => {
  it("gives every joiner the same first state as Colyseus's serializer, with changes pending or not, the map id changing", () => {
    const ours = new Twin(() => new MapState(), true);
    const colyseus = new Twin(() => new MapState(), false);
    const random = seededRandom(13);
    let compared = 0;
    for (let step = 1; step <= 120; step++) {
      const x = Math.floor(random() * 40);
      const roll = random();
      const mover = String(1 + Math.floor(random() * step));
      for (const twin of [ours, colyseus]) {
        twin.join(step, x);
        if (roll < 0.3) twin.state.players.get(mover)!.x += 1;
        if (roll > 0.95) twin.state.mapId = `map-${step}`;
        if (step % 5 === 0) twin.state.personal.get(String(step))!.inventory.delete("0");
      }
      const mine = ours.fullState(step);
      assert.deepEqual(mine, colyseus.fullState(step), `step ${step}: the joiner's first state`);
      const decoded = new MapState();
      new Decoder(decoded).decode(mine.subarray(1)); // after the protocol byte
      assert.equal(decoded.mapId, ours.state.mapId);
      assert.ok(decoded.players.get(String(step)), "the joiner sees itself");
      compared++;
      // A patch now and then: no changes pending at the next joins.
      if (roll < 0.5) for (const twin of [ours, colyseus]) twin.serializer.applyPatches([]);
    }
    assert.equal(compared, 120);
  });

  it("leaves a state with a collection outside any view to Colyseus's serializer", () => {
    class OpenState extends MapState {
      @type({ map: PlayerState }) lobby = new MapSchema<PlayerState>();
    }
    class ClosedState extends Schema {
      @type("string") name = "";
      @view() @type({ map: PlayerState }) players = new MapSchema<PlayerState>();
    }
    const open = new Twin(() => new OpenState(), true);
    const colyseus = new Twin(() => new OpenState(), false);
    for (let step = 1; step <= 10; step++) {
      for (const twin of [open, colyseus]) {
        twin.join(step, step);
        twin.state.lobby.set(String(step), new PlayerState().assign({ id: step }));
      }
      assert.deepEqual(open.fullState(step), colyseus.fullState(step), `step ${step}`);
    }
    // The shortcut's condition, as the serializer reads it from the schema's metadata.
    const closed = new SharedOnceSerializer<ClosedState>();
    closed.reset(new ClosedState());
    assert.deepEqual((closed as unknown as { sharedFields: string[] | null }).sharedFields, ["name"]);
    const opened = new SharedOnceSerializer<OpenState>();
    opened.reset(new OpenState());
    assert.equal((opened as unknown as { sharedFields: string[] | null }).sharedFields, null);
  });
});
