import { Room, type Client } from "@colyseus/core";
import { MapSchema, Schema, type } from "@colyseus/schema";

export class BarePlayer extends Schema {
  @type("number") id = 0;
}

export class BareState extends Schema {
  @type("string") mapId = "";
  @type({ map: BarePlayer }) players = new MapSchema<BarePlayer>();
}

/**
 * The bench's limit: a Colyseus room that answers every message with a `result` (`{seq, type, ok: true}`),
 * after the next patch like the map room, and does nothing else: no auth, no Valkey, no rules.
 */
export class BareRoom extends Room<{ state: BareState }> {
  override state = new BareState();

  override onCreate(options: { mapId?: unknown }): void {
    this.state.mapId = typeof options.mapId === "string" ? options.mapId : "";
    this.onMessage("*", (client, type, payload) => {
      const seq = (payload as { seq?: unknown } | null)?.seq;
      client.send("result", { seq: typeof seq === "number" ? seq : null, type: String(type), ok: true }, { afterNextPatch: true });
    });
  }

  override onJoin(client: Client): void {
    const player = new BarePlayer();
    player.id = this.clients.length;
    this.state.players.set(client.sessionId, player);
  }

  override onLeave(client: Client): void {
    this.state.players.delete(client.sessionId);
  }
}
