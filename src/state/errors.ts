/**
 * Errors of the state layer (PostgreSQL, Valkey).
 */

/**
 * A durable or hot store cannot be reached (connection refused, DNS failure, timeout, authentication
 * refused). The message names the store's address with any password masked; `cause` holds the driver's error.
 */
export class StorageUnavailableError extends Error {
  override readonly name: string = "StorageUnavailableError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** A write was asked for a player whose hot state is not loaded (a caller bug: act only on online players). */
export class PlayerNotLoadedError extends Error {
  override readonly name: string = "PlayerNotLoadedError";

  constructor(readonly playerId: number) {
    super(`player ${playerId} is not loaded in Valkey`);
  }
}
