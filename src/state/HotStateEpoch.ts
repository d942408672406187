import type { Valkey } from "iovalkey";
import type { PrismaClient } from "../generated/prisma/client.js";
import { epochMarker, HOT_STATE_FORMAT, parseEpochMarker } from "./epochMarker.js";
import { HotStateLostError } from "./errors.js";
import { keys } from "./keys.js";
import type { Scripts } from "./scripts.js";
import type { HeldSession } from "./SessionStore.js";

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

/** Told which sessions of this process ended because Valkey lost their state. */
export type HotStateLostListener = (lost: HeldSession[]) => void;

/**
 * Notices that Valkey lost its data, and fences PostgreSQL against what was read from the lost data.
 *
 * Valkey holds a marker (`state:epoch`: a number and the format of the data, see `epochMarker`) that is
 * written once and never deleted; PostgreSQL's `hot_state_epoch` holds the same number for this key prefix. When the marker is missing, Valkey lost its
 * data: the first process to notice writes the next epoch (PostgreSQL's + 1) and every process that sees a
 * marker other than the one it knows runs the loss handling it was given (once per loss), then tells the
 * `onLost` listeners which of its sessions ended with the lost state.
 *
 * Before a process acts on a new epoch it raises PostgreSQL's epoch to it, which waits for every sync
 * transaction still writing the old data (they hold the row `FOR SHARE`); a sync whose snapshot carries an
 * older epoch than PostgreSQL's is refused (`fence`). So whatever is loaded from PostgreSQL after a loss
 * is final: no write of the lost data can land after it.
 *
 * A marker of an older format (a server upgraded over a running Valkey) is handled as a loss: the data set
 * is emptied (`clearDataSet.lua`) and loaded again from PostgreSQL. A marker of a newer format stops this
 * server (`HotStateLostError`): it cannot read that data.
 */
export class HotStateEpoch {
  private known: number | null = null;
  private checking: Promise<boolean> | null = null;
  private readonly dataSet: string;
  private readonly listeners: HotStateLostListener[] = [];

  constructor(
    private readonly valkey: Valkey,
    private readonly scripts: Scripts,
    private readonly prisma: PrismaClient,
    /**
     * Reloads what the process owns from PostgreSQL in the new epoch and returns the sessions that ended
     * with the lost state; it runs again (at the next check) if it fails.
     */
    private readonly reload: (epoch: number) => Promise<HeldSession[]>,
  ) {
    this.dataSet = valkey.options.keyPrefix ?? "";
  }

  get isUnknown(): boolean {
    return this.known === null;
  }

  /** The epoch this process works in. @throws before the first `check`. */
  get current(): number {
    if (this.known === null) throw new Error("the Valkey epoch is not known yet: call check() first");
    return this.known;
  }

  /**
   * Compares Valkey's marker with the epoch this process knows (one GET when nothing changed), writing it
   * first if it is missing. When it changed, fences PostgreSQL and runs the loss handling (concurrent calls
   * share one check). True when this call handled a loss; the first call of a process only learns the epoch.
   * Every sync, player load, map load and refused commit checks first; a lease renewal that finds no lease
   * checks too, and `watch` adds reconnects.
   */
  check(): Promise<boolean> {
    this.checking ??= this.compare().finally(() => (this.checking = null));
    return this.checking;
  }

  /**
   * Registers a listener for the sessions of this process that ended because Valkey lost their state: the
   * players are no longer loaded here, and the listener closes their connections so that they join again.
   */
  onLost(listener: HotStateLostListener): void {
    this.listeners.push(listener);
  }

  /** Checks whenever the Valkey client (re)connects (a restarted Valkey may have lost its data); returns the unsubscribe. */
  watch(onError: (err: unknown) => void): () => void {
    const check = () => void this.check().catch(onError);
    this.valkey.on("ready", check);
    return () => void this.valkey.off("ready", check);
  }

  /**
   * Inside a sync's transaction: refuses (throws `HotStateLostError`) when PostgreSQL has moved past
   * `epoch`, and otherwise holds the epoch row so that no loss can be fenced until the transaction ends.
   */
  async fence(tx: Tx, epoch: number): Promise<void> {
    const rows = await tx.$queryRaw<{ epoch: bigint }[]>`
      SELECT epoch FROM hot_state_epoch WHERE key_prefix = ${this.dataSet} FOR SHARE`;
    const saved = rows[0]?.epoch ?? 0n;
    if (saved > BigInt(epoch)) {
      throw new HotStateLostError(`this sync read Valkey data of epoch ${epoch}, which was lost (PostgreSQL is at ${saved})`);
    }
  }

  private async compare(): Promise<boolean> {
    const marker = await this.readOrWriteMarker();
    if (marker === this.known) return false;
    const saved = await this.raiseSaved(marker);
    if (saved > marker) {
      throw new HotStateLostError(
        `Valkey holds data of epoch ${marker} but PostgreSQL has seen epoch ${saved}: this Valkey data is older than ` +
          `what was saved since; empty it (FLUSHDB) so that the server starts again from PostgreSQL`,
      );
    }
    if (this.known === null) {
      this.known = marker;
      return false;
    }
    const ended = await this.reload(marker);
    this.known = marker;
    for (const listener of this.listeners) listener(ended);
    return true;
  }

  private async readOrWriteMarker(): Promise<number> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const value = await this.valkey.get(keys.epoch());
      if (value === null) {
        await this.valkey.set(keys.epoch(), epochMarker((await this.savedEpoch()) + 1), "NX");
        continue;
      }
      const marker = parseEpochMarker(value);
      if (marker?.format === HOT_STATE_FORMAT) return marker.epoch;
      if (!marker || marker.format > HOT_STATE_FORMAT) {
        throw new HotStateLostError(
          `Valkey holds hot state of a format this server does not know (marker ${value}, this server writes ` +
            `format ${HOT_STATE_FORMAT}): a newer server runs on it; stop it, or empty Valkey (FLUSHDB)`,
        );
      }
      // An older server's data: its keys mean something else here (a map's ground items would be ignored).
      // Emptied, it is as if Valkey had lost its data: everything is loaded again from PostgreSQL, which the
      // older servers' clean shutdown left complete, and older servers still running are fenced out.
      await this.scripts.run("clearDataSet", [keys.epoch(), keys.dataSet()], [value]);
    }
    throw new HotStateLostError("Valkey keeps losing the epoch marker");
  }

  private async savedEpoch(): Promise<number> {
    const row = await this.prisma.hotStateEpoch.findUnique({ where: { keyPrefix: this.dataSet } });
    return Number(row?.epoch ?? 0n);
  }

  /** Raises PostgreSQL's epoch to `epoch` (never lowers it), waiting for syncs that hold the row; returns it. */
  private async raiseSaved(epoch: number): Promise<number> {
    const rows = await this.prisma.$queryRaw<{ epoch: bigint }[]>`
      INSERT INTO hot_state_epoch (key_prefix, epoch) VALUES (${this.dataSet}, ${BigInt(epoch)})
      ON CONFLICT (key_prefix) DO UPDATE SET epoch = GREATEST(hot_state_epoch.epoch, excluded.epoch)
      RETURNING epoch`;
    return Number(rows[0]!.epoch);
  }
}
