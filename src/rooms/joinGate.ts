import { ServerError } from "@colyseus/core";
import { JOIN_ERROR_STATUS, type JoinErrorCode } from "../protocol/index.js";
import type { Account } from "../state/PlayerRepository.js";
import type { RoomDeps } from "./RoomDeps.js";

/** Join options beyond this size (as JSON) are refused: they are kept with every seat reservation. */
const MAX_JOIN_OPTIONS_CHARS = 1_024;

/** A refused join: the protocol's status as the code, `CODE: detail` as the message. */
export function joinError(code: JoinErrorCode, detail: string): ServerError {
  return new ServerError(JOIN_ERROR_STATUS[code], `${code}: ${detail}`);
}

/** An account admitted to join; `inWorld`: it is loaded already (a transfer between maps, a second login). */
export type AdmittedAccount = Account & { inWorld: boolean };

/**
 * Checks a join before the matchmaker finds or creates a room for it (Colyseus's static `onAuth`), so
 * nobody creates a room without an account, nor a room of a map that does not exist. In the protocol's
 * order: the token (401 UNAUTHORIZED, 403 BANNED), then the options, which must be an object of at most
 * 1 KB as JSON whose `mapId` is the map the player is on (409 WRONG_MAP: <the player's map>), then the
 * process's admission control for a player not in the world yet (503 SERVER_FULL). Returns the account,
 * which the room receives as the client's `auth`. One PostgreSQL query (the account) and one Valkey read.
 */
export async function admitJoin(deps: RoomDeps, token: unknown, options: unknown): Promise<AdmittedAccount> {
  const verified = await deps.services.auth.verifyToken(token);
  if (!verified.ok) throw joinError(verified.code, verified.message);
  const account = verified.data;
  // A player not loaded in Valkey is where its account (PostgreSQL's saved copy) says.
  const loaded = await deps.gsm.getLoadedPosition(account.id);
  const playerMap = (loaded ?? account).mapId;
  if (mapIdOf(options) !== playerMap || !deps.world.has(playerMap)) throw joinError("WRONG_MAP", playerMap);
  const inWorld = loaded !== null;
  refuseNewcomerPastKnee(deps, inWorld);
  return { ...account, inWorld };
}

/** Throws SERVER_FULL for a player not in the world yet while the process is past its knee (`Admission`). */
export function refuseNewcomerPastKnee(deps: RoomDeps, inWorld: boolean): void {
  if (inWorld) return;
  const refusal = deps.admission.refuse();
  if (refusal) throw joinError("SERVER_FULL", refusal.message);
}

/** The `mapId` of join options that are an object of at most `MAX_JOIN_OPTIONS_CHARS`; null otherwise. */
export function mapIdOf(options: unknown): string | null {
  if (typeof options !== "object" || options === null || Array.isArray(options)) return null;
  if (JSON.stringify(options).length > MAX_JOIN_OPTIONS_CHARS) return null;
  const { mapId } = options as { mapId?: unknown };
  return typeof mapId === "string" ? mapId : null;
}
