import { Room } from "@colyseus/core";
import { MapState } from "../schema/MapState.js";

export interface MapRoomOptions {
  mapId: string;
}

/**
 * One room per map, filtered by `mapId`. This is the skeleton that the protocol issue fills in:
 * it only names its map.
 */
export class MapRoom extends Room<{ state: MapState }> {
  override state = new MapState();

  override onCreate(options: MapRoomOptions): void {
    this.state.mapId = String(options.mapId ?? "");
  }
}
