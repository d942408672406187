import type { Portal, TileRect } from "../../src/content/GameMap.js";
import type { Grid } from "./Grid.js";

/** A portal as the map loader reads it (in tiles), plus the object's name in Tiled. */
export interface PortalSpec extends Portal {
  name: string;
}

/** An `npc_spawn` point: the kind, its tile, and a wander radius when it differs from the kind's. */
export interface NpcSpawnSpec {
  npc: string;
  x: number;
  y: number;
  wanderRadius?: number;
}

/** A `resource` point: the resource kind and its tile. */
export interface ResourceSpec {
  kind: string;
  x: number;
  y: number;
}

/** Everything a generated map holds; `renderMap` turns it into the `.tmj` text. */
export interface MapSpec {
  width: number;
  height: number;
  ground: Grid;
  collision: Grid;
  spawn: { x: number; y: number };
  portals: PortalSpec[];
  npcs: NpcSpawnSpec[];
  pvp: (TileRect & { name: string })[];
  banks: { x: number; y: number }[];
  resources: ResourceSpec[];
}
