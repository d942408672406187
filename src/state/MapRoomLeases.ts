import { keys } from "./keys.js";
import type { Scripts } from "./scripts.js";

/** The answer to a claim: taken, or held by another room (`remainingMs` until it expires unless renewed). */
export type LeaseClaim = { ok: true } | { ok: false; holder: string; remainingMs: number };

/**
 * One room per map in the whole cluster: a lease in Valkey (`map_room:{mapId}`) holding the room id,
 * which the room renews on its clock and releases when it is disposed. A process that dies stops
 * renewing, and its lease expires after its TTL. One round trip per call (one Lua script).
 */
export class MapRoomLeases {
  constructor(private readonly scripts: Scripts) {}

  /**
   * Takes the map's lease for `roomId` (or extends it, when `roomId` holds it already) for `ttlMs`.
   * `replacing`: a holder the caller knows is gone or draining, whose lease may be taken over.
   */
  async claim(mapId: string, roomId: string, ttlMs: number, replacing = ""): Promise<LeaseClaim> {
    const reply = (await this.scripts.run("mapRoomLease", [keys.mapRoom(mapId)], ["claim", roomId, ttlMs, replacing])) as [number, string?, number?];
    if (reply[0] === 1) return { ok: true };
    return { ok: false, holder: reply[1] ?? "", remainingMs: Math.max(0, Number(reply[2] ?? 0)) };
  }

  /** Ends the lease if `roomId` still holds it. */
  async release(mapId: string, roomId: string): Promise<boolean> {
    const reply = (await this.scripts.run("mapRoomLease", [keys.mapRoom(mapId)], ["release", roomId, 0, ""])) as [number];
    return reply[0] === 1;
  }
}
