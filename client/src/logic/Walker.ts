import type { CommandResult, Direction } from "../../../src/protocol/index.js";
import type { Tile } from "../../../src/services/rules/distance.js";
import { planSteps, type WalkGoal, type WalkMap } from "./walkPlan.js";

/** How a walk ended: at its goal, stopped by the server (BLOCKED or another refusal), or by the player. */
export type WalkOutcome = "arrived" | "blocked" | "unreachable" | "refused" | "replaced" | "stopped";

export interface WalkTarget {
  goal: WalkGoal;
  /** Called once, when the walk ends for any reason. */
  onEnd?: (outcome: WalkOutcome) => void;
}

export interface WalkerDeps {
  now(): number;
  /** The player's tile as the room state has it, or null while there is none. */
  position(): Tile | null;
  map(): WalkMap | null;
  sendMove(dir: Direction): Promise<CommandResult>;
  /** The least time between two moves (the server's move cooldown). */
  paceMs: number;
  /** A move the server refused (other than RATE_LIMITED, which the walker waits out by itself). */
  onRefused(result: CommandResult): void;
}

/**
 * Walks the player: toward a goal (a click: a shortest path, re-planned from the state's position at each
 * step), or in a direction while a key is held. One `move` at a time, at most one per `paceMs`; a
 * RATE_LIMITED answer waits `retryAfterMs` and tries again; BLOCKED or any other refusal ends a walk; a
 * new goal replaces the old one (the move in flight finishes first). Call `update` every frame.
 */
export class Walker {
  private target: WalkTarget | null = null;
  private held: Direction | null = null;
  private tapped: Direction | null = null;
  private inFlight = false;
  private readyAtMs = 0;
  /** Bumped by `stop`: the answer to a move sent before (e.g. the step onto a portal) is no news. */
  private generation = 0;

  constructor(private readonly deps: WalkerDeps) {}

  /** The goal being walked to, if any. */
  get goal(): WalkGoal | null {
    return this.target?.goal ?? null;
  }

  /** Whether a move is waiting for its result. */
  get busy(): boolean {
    return this.inFlight;
  }

  walkTo(target: WalkTarget): void {
    this.end("replaced");
    this.target = target;
  }

  /** A movement key went down: walk that way until `release` (at least one step, even for a quick tap). */
  press(dir: Direction): void {
    this.end("stopped");
    this.held = dir;
    this.tapped = dir;
  }

  release(dir: Direction): void {
    if (this.held === dir) this.held = null;
  }

  /** Forgets held keys (the window lost focus: their key-up will not come), keeping a walk to a goal. */
  releaseKeys(): void {
    this.held = null;
    this.tapped = null;
  }

  /** Ends the walk and forgets held keys (e.g. on a map change). */
  stop(): void {
    this.end("stopped");
    this.held = null;
    this.tapped = null;
    this.generation++;
    this.inFlight = false;
    this.readyAtMs = 0;
  }

  update(): void {
    if (this.inFlight || this.deps.now() < this.readyAtMs) return;
    const key = this.held ?? this.tapped;
    if (key) {
      this.tapped = null;
      this.send(key, null);
      return;
    }
    const target = this.target;
    if (!target) return;
    const from = this.deps.position();
    const map = this.deps.map();
    if (!from || !map) return;
    const steps = planSteps(map, from, target.goal);
    if (steps === null) return this.end("unreachable");
    const [first] = steps;
    if (first === undefined) return this.end("arrived");
    this.send(first, target);
  }

  private send(dir: Direction, target: WalkTarget | null): void {
    this.inFlight = true;
    const sentAtMs = this.deps.now();
    const generation = this.generation;
    const settle = (result: CommandResult) => {
      if (generation !== this.generation) return;
      this.inFlight = false;
      if (result.ok) {
        this.readyAtMs = sentAtMs + this.deps.paceMs;
        return;
      }
      if (result.code === "RATE_LIMITED") {
        this.readyAtMs = this.deps.now() + (result.retryAfterMs ?? this.deps.paceMs);
        if (target === null) this.tapped ??= dir;
        return;
      }
      this.readyAtMs = this.deps.now();
      this.deps.onRefused(result);
      if (target !== null && this.target === target) this.end(result.code === "BLOCKED" ? "blocked" : "refused");
    };
    this.deps.sendMove(dir).then(settle, () => settle({ seq: null, type: "move", ok: false, code: "UNAVAILABLE", message: "no answer from the server" }));
  }

  private end(outcome: WalkOutcome): void {
    const target = this.target;
    this.target = null;
    target?.onEnd?.(outcome);
  }
}
