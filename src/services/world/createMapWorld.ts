import type { GameMap } from "../../content/GameMap.js";
import type { GameRules } from "../../config/config.js";
import type { ItemService } from "../ItemService.js";
import type { NpcKindService } from "../NpcKindService.js";
import { MapWorld } from "./MapWorld.js";
import type { WorldMap } from "./worldTypes.js";

/** A map nobody can stand on: the world of a room whose map does not exist (every join is refused). */
const NO_MAP: WorldMap = { width: 0, height: 0, isBlocked: () => true, portalAt: () => null, inPvpArea: () => false };

/**
 * The world of one map: its NPC spawn points with their kinds (a spawn's `wanderRadius` over the kind's),
 * its resources, the game clock and the respawn scale of the rules.
 */
export function createMapWorld(
  map: GameMap | undefined,
  kinds: NpcKindService,
  items: ItemService,
  rules: Pick<GameRules, "gameTickMs" | "npcRespawnScale" | "areaOfInterestTiles" | "gatherAttemptTicks" | "inventorySlots">,
): MapWorld {
  const spawns = (map?.npcSpawns ?? []).flatMap((spawn) => {
    const kind = kinds.get(spawn.kind);
    return kind ? [{ kind, x: spawn.x, y: spawn.y, wanderRadiusTiles: spawn.wanderRadiusTiles ?? kind.wanderRadiusTiles }] : [];
  });
  return new MapWorld({
    map: map ?? NO_MAP,
    spawns,
    tickMs: rules.gameTickMs,
    respawnScale: rules.npcRespawnScale,
    areaOfInterestTiles: rules.areaOfInterestTiles,
    kindOf: (kind) => kinds.get(kind),
    rollDrops: (kind, random) => kinds.rollDrops(kind, random),
    gathering: {
      resources: map?.resources ?? [],
      items: { getById: items.getById, getByName: (name) => items.getByName(name), maxStackOf: items.maxStackOf },
      attemptTicks: rules.gatherAttemptTicks,
      inventorySlots: rules.inventorySlots,
    },
  });
}
