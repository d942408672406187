import type { GameMap } from "../content/GameMap.js";
import type { Position } from "../state/types.js";

/**
 * The world: every map, by id (the `.tmj` file's stem), and the map new players start on
 * (`config.defaultMap`). Read-only after construction.
 */
export class WorldService {
  readonly defaultMap: GameMap;
  private readonly maps: ReadonlyMap<string, GameMap>;

  /** @throws Error when `defaultMapId` is not one of `maps`. */
  constructor(maps: ReadonlyMap<string, GameMap>, defaultMapId: string) {
    const defaultMap = maps.get(defaultMapId);
    if (!defaultMap) {
      throw new Error(`the default map "${defaultMapId}" is not among the loaded maps (${[...maps.keys()].join(", ") || "none"})`);
    }
    this.maps = new Map(maps);
    this.defaultMap = defaultMap;
  }

  get defaultMapId(): string {
    return this.defaultMap.id;
  }

  /** The map, or undefined for an unknown id. */
  get(mapId: string): GameMap | undefined {
    return this.maps.get(mapId);
  }

  has(mapId: string): boolean {
    return this.maps.has(mapId);
  }

  /** Every map, sorted by id. */
  all(): GameMap[] {
    return [...this.maps.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  /**
   * Where players of `mapId` appear (new players: the default map's): its `player_spawn`. A map that does
   * not exist (a player saved on a map since removed) gives the default map's spawn.
   */
  spawnOf(mapId: string = this.defaultMap.id): Position {
    const map = this.maps.get(mapId) ?? this.defaultMap;
    return { mapId: map.id, x: map.spawn.x, y: map.spawn.y };
  }

  /** Whether `position` is on a known map, inside it and not blocked. */
  isWalkable(position: Position): boolean {
    const map = this.maps.get(position.mapId);
    return map !== undefined && !map.isBlocked(position.x, position.y);
  }
}
