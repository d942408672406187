import type { GameRules } from "../config/config.js";
import { DIRECTIONS, STEP, isDirection, type Direction } from "../protocol/index.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { Position } from "../state/types.js";
import { atomically, commitThen, nothingToWrite, type Planned } from "./atomically.js";
import { fail, type Result } from "./results.js";
import { guardedBy, readAlive, readLoaded } from "./stateAccess.js";
import type { WorldService } from "./WorldService.js";

/** Where a move left the player; `portal` is set when the step went through a portal (then `mapId/x/y` are its target). */
export interface MoveOutcome {
  mapId: string;
  x: number;
  y: number;
  facing: Direction;
  portal: null | { mapId: string; x: number; y: number };
}

export interface TeleportOutcome {
  mapId: string;
  x: number;
  y: number;
  /** True when the player is now on another map than before (the room sends `transfer`). */
  mapChanged: boolean;
}

export interface MovementServiceDeps {
  gsm: GameStateManager;
  world: WorldService;
  rules: GameRules;
  /** Milliseconds since the epoch; defaults to the GSM's clock. */
  now?: () => number;
}

/**
 * Movement on the tile grid (GAME_RULES "Movement"). Each change is one atomic commit of the player's
 * position guarded by the version it was planned on, re-planned on a version conflict (bounded; then
 * UNAVAILABLE). Cooldowns are the caller's (the room's); facing is not stored, only returned.
 */
export class MovementService {
  private readonly gsm: GameStateManager;
  private readonly world: WorldService;
  readonly rules: GameRules;
  readonly now: () => number;

  constructor(deps: MovementServiceDeps) {
    ({ gsm: this.gsm, world: this.world, rules: this.rules } = deps);
    this.now = deps.now ?? deps.gsm.now;
  }

  /**
   * One tile in `dir`. Stepping onto a portal tile puts the player on the portal's target map and tile in
   * the same commit (the step and the transfer are one change) and reports the portal. Fails with
   * NOT_FOUND (player not loaded, or on a map the world does not have), DEAD, BLOCKED (a blocked tile or
   * outside the map: nothing changes), INVALID_PAYLOAD (not a direction), UNAVAILABLE.
   */
  move(playerId: number, dir: Direction): Promise<Result<MoveOutcome>> {
    if (!isDirection(dir)) return Promise.resolve(fail("INVALID_PAYLOAD", `dir must be one of ${DIRECTIONS.join(", ")}`));
    return atomically(this.gsm, async (): Promise<Planned<MoveOutcome>> => {
      const read = await readAlive(this.gsm, playerId);
      if (!read.ok) return read;
      const snapshot = read.data;
      const from = snapshot.position;
      const map = this.world.get(from.mapId);
      if (!map) return fail("NOT_FOUND", `player ${playerId} is on the unknown map "${from.mapId}"`);
      const x = from.x + STEP[dir].dx;
      const y = from.y + STEP[dir].dy;
      if (map.isBlocked(x, y)) return fail("BLOCKED", `(${x}, ${y}) of "${map.id}" is blocked`);
      const portal = map.portalAt(x, y);
      const to: Position = portal ? { mapId: portal.targetMap, x: portal.targetX, y: portal.targetY } : { mapId: map.id, x, y };
      const outcome: MoveOutcome = { ...to, facing: dir, portal: portal ? { ...to } : null };
      return commitThen(guardedBy(this.gsm, snapshot).setPosition(playerId, to), outcome);
    });
  }

  /**
   * Puts the player on `to` (any map) without walking, dead or alive; a portal there does not trigger.
   * Fails with NOT_FOUND (player not loaded, unknown map), BLOCKED (a blocked tile or outside the map),
   * UNAVAILABLE.
   */
  teleport(playerId: number, to: Position): Promise<Result<TeleportOutcome>> {
    const map = this.world.get(to.mapId);
    if (!map) return Promise.resolve(fail("NOT_FOUND", `there is no map "${to.mapId}"`));
    if (map.isBlocked(to.x, to.y)) return Promise.resolve(fail("BLOCKED", `(${to.x}, ${to.y}) of "${map.id}" is blocked`));
    const target: Position = { mapId: map.id, x: to.x, y: to.y };
    return atomically(this.gsm, async (): Promise<Planned<TeleportOutcome>> => {
      const read = await readLoaded(this.gsm, playerId, { forUpdate: true });
      if (!read.ok) return read;
      const snapshot = read.data;
      const from = snapshot.position;
      const outcome = { ...target, mapChanged: from.mapId !== target.mapId };
      if (from.mapId === target.mapId && from.x === target.x && from.y === target.y) return nothingToWrite(outcome);
      return commitThen(guardedBy(this.gsm, snapshot).setPosition(playerId, target), outcome);
    });
  }
}
