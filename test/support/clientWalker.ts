import type { GameMap } from "../../src/content/GameMap.js";
import { STEP, type Direction } from "../../src/protocol/index.js";
import { Walker } from "../../client/src/logic/Walker.js";

/**
 * A client Walker whose every `move` the stand-in server accepts at once: `me` steps that way (and
 * `onMove` hears of it). Its clock is `now`; tests call `update` as the client's frames do.
 */
export function acceptingWalker(map: GameMap, me: { x: number; y: number }, now: () => number, onMove: (dir: Direction) => void = () => undefined): Walker {
  return new Walker({
    now,
    position: () => ({ x: me.x, y: me.y }),
    map: () => map,
    paceMs: 150,
    onRefused: () => undefined,
    sendMove: (dir: Direction) => {
      onMove(dir);
      me.x += STEP[dir].dx;
      me.y += STEP[dir].dy;
      return Promise.resolve({ seq: 0, type: "move", ok: true });
    },
  });
}
