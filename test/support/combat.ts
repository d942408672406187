import type { CommandResult, HitMessage, LevelUpMessage } from "../../src/protocol/index.js";
import { manhattan } from "../../src/services/rules/distance.js";
import { command, playerIn, waitFor, type MapRoomClient, type TestPlayer } from "./server.js";

/** A joined player with every `hit` and `levelUp` it received. */
export interface Fighter extends TestPlayer {
  room: MapRoomClient;
  hits: HitMessage[];
  levelUps: LevelUpMessage[];
}

/** Starts recording the `hit` and `levelUp` messages of a joined player. */
export function fighter(player: TestPlayer, room: MapRoomClient): Fighter {
  const f: Fighter = { ...player, room, hits: [], levelUps: [] };
  room.onMessage("hit", (hit: HitMessage) => f.hits.push(hit));
  room.onMessage("levelUp", (levelUp: LevelUpMessage) => f.levelUps.push(levelUp));
  return f;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Sends a command, waiting out RATE_LIMITED refusals (bounded). */
export async function patiently(room: MapRoomClient, type: string, payload: Record<string, unknown> = {}): Promise<CommandResult> {
  for (let i = 0; i < 20; i++) {
    const result = await command(room, type, payload);
    if (result.ok || result.code !== "RATE_LIMITED") return result;
    await sleep(result.retryAfterMs ?? 50);
  }
  throw new Error(`${type} stayed RATE_LIMITED`);
}

/** Teleports `who` (a username; default the admin itself) to (x, y) of the admin's map and waits to see it there. */
export async function place(admin: Fighter, x: number, y: number, who?: Fighter): Promise<void> {
  const result = await patiently(admin.room, "admin:teleport", { x, y, ...(who ? { username: who.username } : {}) });
  if (!result.ok) throw new Error(`teleport to (${x}, ${y}): ${result.code}`);
  const target = who ?? admin;
  await waitFor(() => playerIn(target.room, target.id).x === x && playerIn(target.room, target.id).y === y, `${target.username} at (${x}, ${y})`);
}

/** `admin:spawn` of `kind` on (x, y), or the nearest tile to its right that takes it; returns the NPC id. */
export async function spawn(admin: Fighter, kind: string, x: number, y: number): Promise<number> {
  for (let dx = 0; dx < 6; dx++) {
    const result = await patiently(admin.room, "admin:spawn", { kind, x: x + dx, y });
    if (result.ok) {
      const npcId = (result.data as { npcId: number }).npcId;
      await waitFor(() => admin.room.state.npcs.has(String(npcId)), `NPC ${npcId} in sight`);
      return npcId;
    }
    if (result.code !== "BLOCKED") throw new Error(`admin:spawn ${kind}: ${result.code}`);
  }
  throw new Error(`no free tile for a ${kind} near (${x}, ${y})`);
}

/** The NPC as the player's client shows it; fails when it is not in sight. */
export function npcIn(room: MapRoomClient, npcId: number) {
  const npc = room.state.npcs.get(String(npcId));
  if (!npc) throw new Error(`NPC ${npcId} is not in this client's state`);
  return npc;
}

/**
 * Attacks the NPC until the player's first swing at it lands (hit or miss): walks next to it when it is
 * out of reach (an idle NPC may wander off before the first swing), then attacks again. Bounded.
 */
export async function engage(f: Fighter, npcId: number): Promise<void> {
  const swung = () => f.hits.some((h) => h.attackerType === "player" && h.attackerId === f.id && h.targetId === npcId);
  for (let attempt = 0; attempt < 30 && !swung(); attempt++) {
    const npc = npcIn(f.room, npcId);
    const me = playerIn(f.room, f.id);
    if (manhattan(me, npc) > 1) {
      const dir = npc.x > me.x ? "right" : npc.x < me.x ? "left" : npc.y > me.y ? "down" : "up";
      await patiently(f.room, "move", { dir });
      continue;
    }
    const attacked = await patiently(f.room, "attack", { npcId });
    if (!attacked.ok && attacked.code !== "TOO_FAR") throw new Error(`attack: ${attacked.code}`);
    await waitFor(() => swung(), "the first swing", 400).catch(() => undefined);
  }
  if (!swung()) throw new Error(`player ${f.id} never swung at NPC ${npcId}`);
}
