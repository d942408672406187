import { EquipmentService } from "./EquipmentService.js";
import { GroundItemService } from "./GroundItemService.js";
import { HpService } from "./HpService.js";
import { InventoryService } from "./InventoryService.js";
import { ItemService } from "./ItemService.js";
import type { ServiceDeps } from "./ServiceDeps.js";
import { SkillService } from "./SkillService.js";

export interface GameServices {
  items: ItemService;
  inventory: InventoryService;
  equipment: EquipmentService;
  skills: SkillService;
  hp: HpService;
  groundItems: GroundItemService;
}

/** Builds every game service over one GameStateManager (a catalogue of its own unless `items` is given). */
export function createServices(deps: Omit<ServiceDeps, "items"> & { items?: ItemService }): GameServices {
  const full: ServiceDeps = { ...deps, items: deps.items ?? new ItemService() };
  return {
    items: full.items,
    inventory: new InventoryService(full),
    equipment: new EquipmentService(full),
    skills: new SkillService(full),
    hp: new HpService(full),
    groundItems: new GroundItemService(full),
  };
}
