import type { GameRules } from "../config/config.js";
import type { GameStateManager } from "../state/GameStateManager.js";
import type { ItemFlow } from "./ItemFlow.js";
import type { ItemService } from "./ItemService.js";

/** What the game services are built from (constructor injection). */
export interface ServiceDeps {
  gsm: GameStateManager;
  items: ItemService;
  rules: GameRules;
  /** Milliseconds since the epoch. Defaults to the GSM's clock, so that visibility checks agree with it. */
  now?: () => number;
  /** Told of every item created (drops, grants) or used up (eating); optional for tests. */
  itemFlow?: ItemFlow;
}
