import { GameStateManager, type GameStateManagerOptions } from "./GameStateManager.js";

let instance: GameStateManager | null = null;

/** Builds the process-wide GameStateManager (once, at start-up) from injected clients. */
export function initGameStateManager(options: GameStateManagerOptions): GameStateManager {
  instance = new GameStateManager(options);
  return instance;
}

/** The process-wide instance. @throws when `initGameStateManager` has not run. */
export function getGameStateManager(): GameStateManager {
  if (!instance) throw new Error("GameStateManager is not initialised: call initGameStateManager first");
  return instance;
}
