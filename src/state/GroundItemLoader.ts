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

  constructor(
    private readonly hot: GroundItemHotState,
    private readonly saved: GroundItemRepository,
    private readonly epoch: HotStateEpoch,
  ) {}

  async allocateId(): Promise<number> {
    const id = await this.hot.allocateId();
    if (id !== null) return id;
    await this.epoch.check();
    const seeded = await this.hot.allocateId(await this.saved.idFloor());
    if (seeded === null) throw new Error("the ground item id counter could not be seeded");
    return seeded;
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

  /** Loads the map's saved items unless Valkey holds them; false when Valkey's epoch is no longer `epoch`. */
  private async load(mapId: string, epoch: number): Promise<boolean> {
    if (await this.hot.isMapLoaded(mapId)) return true;
    return (await this.hot.loadMap(mapId, await this.saved.loadMap(mapId), epoch)) !== "lost";
  }
}
