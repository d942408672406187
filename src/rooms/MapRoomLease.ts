import { matchMaker, type Room } from "@colyseus/core";
import type { Logger } from "pino";
import type { MapRoomLeases } from "../state/MapRoomLeases.js";
import { joinError } from "./joinGate.js";

const TTL_MS = 15_000;
const RENEW_EVERY_MS = 5_000;
// A holder that has not renewed for this long and that the matchmaker no longer lists is presumed dead.
// Shorter than a renewal period but longer than the moment between a room's claim and its listing.
const PRESUMED_DEAD_AFTER_MS = 3_000;

/**
 * The lease that makes a room the one room of its map in the whole cluster (see `MapRoomLeases`). A room
 * takes it while it is created and refuses to exist without it; a holder that is shutting down (locked)
 * or dead (unlisted and silent) is replaced at once, anything else makes the new room fail.
 */
export class MapRoomLease {
  private constructor(
    private readonly leases: MapRoomLeases,
    readonly mapId: string,
    private readonly roomId: string,
  ) {}

  /** @throws ServerError 503 `SERVER_FULL` when another live room holds the map (a rare race, or a `create`). */
  static async take(leases: MapRoomLeases, mapId: string, roomId: string): Promise<MapRoomLease> {
    let claim = await leases.claim(mapId, roomId, TTL_MS);
    if (!claim.ok && (await isReplaceable(claim.holder, TTL_MS - claim.remainingMs))) {
      claim = await leases.claim(mapId, roomId, TTL_MS, claim.holder);
    }
    if (!claim.ok) throw joinError("SERVER_FULL", `the room of ${mapId} is opening or moving between processes; try again in a few seconds`);
    return new MapRoomLease(leases, mapId, roomId);
  }

  /**
   * Renews the lease on the room's clock (taking it again after a Valkey loss). `onLost` runs when another
   * room holds the map now (this one was presumed gone): the room should take no more joins.
   */
  renewOn(clock: Room["clock"], onLost: () => void, log: Logger): void {
    clock.setInterval(() => {
      this.leases.claim(this.mapId, this.roomId, TTL_MS).then(
        (claim) => {
          if (claim.ok) return;
          log.error({ roomId: this.roomId, mapId: this.mapId, holder: claim.holder }, "another room holds this map now");
          onLost();
        },
        (err: unknown) => log.warn({ err, roomId: this.roomId }, "could not renew the map's lease"),
      );
    }, RENEW_EVERY_MS);
  }

  async release(): Promise<void> {
    await this.leases.release(this.mapId, this.roomId);
  }
}

async function isReplaceable(holder: string, silentForMs: number): Promise<boolean> {
  const listing = await matchMaker.getRoomById(holder);
  if (listing) return listing.locked === true;
  return silentForMs >= PRESUMED_DEAD_AFTER_MS;
}
