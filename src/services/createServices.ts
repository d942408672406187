import { BankService } from "./BankService.js";
import { CombatService } from "./CombatService.js";
import { EquipmentService } from "./EquipmentService.js";
import { FoodService } from "./FoodService.js";
import { GatheringService } from "./GatheringService.js";
import { GroundItemService } from "./GroundItemService.js";
import { HpService } from "./HpService.js";
import { InventoryService } from "./InventoryService.js";
import { ItemService } from "./ItemService.js";
import { NpcKindService } from "./NpcKindService.js";
import type { ServiceDeps } from "./ServiceDeps.js";
import { ShopService } from "./ShopService.js";
import { SkillService } from "./SkillService.js";
import { TradeService } from "./TradeService.js";
import type { WorldService } from "./WorldService.js";

export interface GameServices {
  items: ItemService;
  inventory: InventoryService;
  equipment: EquipmentService;
  skills: SkillService;
  hp: HpService;
  groundItems: GroundItemService;
  combat: CombatService;
  food: FoodService;
  npcKinds: NpcKindService;
  bank: BankService;
  shops: ShopService;
  gathering: GatheringService;
  trades: TradeService;
}

/**
 * Builds every game service over one GameStateManager (a catalogue of its own unless `items` is given).
 * Without `world` no map has a bank booth.
 */
export function createServices(
  deps: Omit<ServiceDeps, "items"> & { items?: ItemService; npcKinds?: NpcKindService; world?: Pick<WorldService, "get"> },
): GameServices {
  const full: ServiceDeps = { ...deps, items: deps.items ?? new ItemService() };
  const hp = new HpService(full);
  const skills = new SkillService(full);
  return {
    items: full.items,
    inventory: new InventoryService(full),
    equipment: new EquipmentService(full),
    skills,
    hp,
    groundItems: new GroundItemService(full),
    combat: new CombatService({ gsm: full.gsm, hp, skills }),
    food: new FoodService({ ...full, hp }),
    npcKinds: deps.npcKinds ?? new NpcKindService(full.items),
    bank: new BankService({ ...full, boothsOf: (mapId) => deps.world?.get(mapId)?.banks ?? [] }),
    shops: new ShopService(full),
    gathering: new GatheringService({ ...full, skills }),
    trades: new TradeService(full),
  };
}
