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

/**
 * Connection-level failures of Valkey or PostgreSQL (the store could not be reached, so the operation did
 * not run), as opposed to bugs. Callers answer these with UNAVAILABLE.
 */
export function isStorageFault(err: unknown): boolean {
  const e = err as { name?: string; code?: string; message?: string } | null;
  if (!e) return false;
  return (
    e.name === "MaxRetriesPerRequestError" ||
    e.name === "StorageUnavailableError" ||
    ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "P1001", "P1017"].includes(e.code ?? "") ||
    /Connection is closed|Stream isn't writeable|connect ECONNREFUSED|Connection terminated|Can't reach database server|timeout exceeded when trying to connect/i.test(e.message ?? "")
  );
}

/**
 * Valkey lost its data (a restart without persistence, a flush) while something read from it was still to
 * be written: the write is refused so that nothing of the lost data lands in PostgreSQL after the loss was
 * noticed. Nothing was written; the state it came from is gone.
 */
export class HotStateLostError extends Error {
  override readonly name: string = "HotStateLostError";

  constructor(message: string) {
    super(message);
  }
}
