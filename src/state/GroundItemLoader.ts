import { HotStateLostError } from "./errors.js";
import type { GroundItemHotState } from "./GroundItemHotState.js";
import type { GroundItemRepository } from "./GroundItemRepository.js";
import type { HotStateEpoch } from "./HotStateEpoch.js";

const ATTEMPTS = 3;

/**
 * Brings saved ground items into Valkey: each map once (with its saved version, so that its next saves are
 * accepted), every map again after Valkey lost its data, and never over data of a newer epoch. Also hands out
 * ground item ids, seeding the counter above every id PostgreSQL has seen when Valkey lost it.
 */
export class GroundItemLoader {
  /** Maps whose items this process has asked for: loaded again after a loss. */
  private readonly knownMaps = new Set<string>();
  private seeding: Promise<void> | null = null;

  constructor(
    private readonly hot: GroundItemHotState,
    private readonly saved: GroundItemRepository,
    private readonly epoch: HotStateEpoch,
  ) {}

  /** Ids come in the order they were asked for, also when callers wait for a seed together. */
  async allocateId(): Promise<number> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const id = await this.hot.allocateId();
      if (id !== null) return id;
      this.seeding ??= this.seed().finally(() => (this.seeding = null));
      await this.seeding;
    }
    throw new HotStateLostError("Valkey kept losing the ground item id counter");
  }

  /** Seeds the id counter when Valkey lost it (a commit that allocates ids was refused for its lack). */
  async ensureIdCounter(): Promise<void> {
    this.seeding ??= this.seed().finally(() => (this.seeding = null));
    await this.seeding;
  }

  async ensureLoaded(mapId: string): Promise<void> {
    this.knownMaps.add(mapId);
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      await this.epoch.check();
      if (await this.load(mapId, this.epoch.current)) return;
    }
    throw new HotStateLostError(`Valkey kept losing its data while the ground items of ${mapId} were loaded`);
  }

  /** After a loss: loads every map asked for so far again, in the new `epoch`. */
  async reloadAll(epoch: number): Promise<void> {
    for (const mapId of this.knownMaps) {
      if (!(await this.load(mapId, epoch))) throw new HotStateLostError("Valkey lost its data again while the maps were loaded");
    }
  }

  private async seed(): Promise<void> {
    await this.epoch.check();
    await this.hot.seedIds(await this.saved.idFloor());
  }

  /** Loads the map's saved items unless Valkey holds them; false when Valkey's epoch is no longer `epoch`. */
  private async load(mapId: string, epoch: number): Promise<boolean> {
    if (await this.hot.isMapLoaded(mapId)) return true;
    return (await this.hot.loadMap(mapId, await this.saved.loadMap(mapId), epoch)) !== "lost";
  }
}
