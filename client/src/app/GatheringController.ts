import type { ItemDefinition } from "../../../src/content/ItemDefinition.js";
import { cookingRecipeFor } from "../../../src/content/cookingRecipes.js";
import { isCookingPlace, resourceKindByName } from "../../../src/content/resourceKinds.js";
import type { AttemptMessage, CommandResult } from "../../../src/protocol/index.js";
import type { MapState, PersonalState, PlayerState, ResourceState } from "../../../src/schema/MapState.js";
import { inGatherReach } from "../../../src/services/rules/gathering.js";
import type { RefusalContext } from "../logic/refusalWords.js";
import type { Walker, WalkOutcome } from "../logic/Walker.js";

/** What gathering and cooking need of the game. */
export interface GatheringDeps {
  state(): MapState | null;
  me(): PlayerState | undefined;
  personal(): PersonalState | undefined;
  item(itemId: number): ItemDefinition | undefined;
  walker: Walker;
  send(type: string, payload: Record<string, unknown>): Promise<CommandResult>;
  explain(result: CommandResult, context: RefusalContext): void;
  notice(words: string, kind?: "info" | "error"): void;
  now(): number;
}

/** An `attempt` as the client received it, kept for tests and the curious (the last `ATTEMPTS_KEPT`). */
export interface ReceivedAttempt extends AttemptMessage {
  atMs: number;
}

const ATTEMPTS_KEPT = 100;

/**
 * Gathering and cooking: a click on a tree, rock or fishing spot walks next to it (the shared gathering
 * reach) and sends `gather`; a click on a fire or range does the same with `cook` and the first raw food of
 * the inventory (or the slot given). Each `attempt` is kept; a success says what it gave in words. The
 * HUD's line says what the player is doing (`personal.activity`).
 */
export class GatheringController {
  readonly attempts: ReceivedAttempt[] = [];
  /** The resource being walked up to, before its command. */
  approaching: number | null = null;
  /** The resource of the last accepted `gather` or `cook`. */
  resourceId: number | null = null;
  private walkNo = 0;

  constructor(private readonly deps: GatheringDeps) {}

  /** Walks next to the resource and gathers from it, or cooks there (`slot`: the raw food; default the first). */
  use(resourceId: number, slot?: number): void {
    const resource = this.resource(resourceId);
    const me = this.deps.me();
    if (!resource || !me) return;
    const kind = resourceKindByName(resource.kind);
    const cooking = kind !== undefined && isCookingPlace(kind);
    const rawSlot = cooking ? (slot ?? this.firstRawSlot()) : undefined;
    if (cooking && rawSlot === undefined) return this.deps.notice(`You have nothing to cook on the ${nameOf(resource.kind)}.`, "error");
    const act = () => void this.start(resourceId, rawSlot);
    if (inGatherReach(me, resource)) return act();
    this.approaching = resourceId;
    const walkNo = ++this.walkNo;
    const label = `the ${nameOf(resource.kind)}`;
    this.deps.walker.walkTo({
      goal: { label, isGoal: (x, y) => inGatherReach({ x, y }, resource) },
      onEnd: (outcome: WalkOutcome) => {
        if (walkNo !== this.walkNo) return;
        this.approaching = null;
        if (outcome === "arrived") act();
        else if (outcome === "unreachable") this.deps.notice(`There is no way to reach ${label}.`, "error");
      },
    });
  }

  /** Keeps an `attempt` and says what a success gave. */
  onAttempt(attempt: AttemptMessage): void {
    this.attempts.push({ ...attempt, atMs: this.deps.now() });
    if (this.attempts.length > ATTEMPTS_KEPT) this.attempts.splice(0, this.attempts.length - ATTEMPTS_KEPT);
    if (attempt.itemId === null) return;
    const item = this.deps.item(attempt.itemId)?.displayName ?? "something";
    const skill = attempt.action === "cook" ? "Cooking" : this.skillOf(attempt.resourceId);
    if (attempt.action === "cook" && attempt.xp === 0) this.deps.notice(`You burn the food, leaving ${item}.`);
    else this.deps.notice(`You get ${item} (+${attempt.xp} ${skill} XP).`);
  }

  /** Forgets the walk (a map change, a logout); the server ends the activity itself. */
  reset(): void {
    this.walkNo++;
    this.approaching = null;
    this.resourceId = null;
  }

  /** The HUD's line ("Gathering: Tree", "Cooking at the Fire"), or null when the player does neither. */
  describe(): string | null {
    const activity = this.deps.personal()?.activity ?? "";
    const resource = this.resourceId === null ? undefined : this.resource(this.resourceId);
    if (activity === "gathering") return `Gathering: ${resource ? capitalised(nameOf(resource.kind)) : "..."}`;
    if (activity === "cooking") return `Cooking at the ${resource ? nameOf(resource.kind) : "fire"}`;
    if (this.approaching !== null) {
      const target = this.resource(this.approaching);
      return target ? `Going to the ${nameOf(target.kind)}` : null;
    }
    return null;
  }

  private async start(resourceId: number, slot: number | undefined): Promise<void> {
    const result = slot === undefined ? await this.deps.send("gather", { resourceId }) : await this.deps.send("cook", { slot, resourceId });
    if (result.ok) {
      this.resourceId = resourceId;
      return;
    }
    this.deps.explain(result, {});
  }

  private firstRawSlot(): number | undefined {
    const inventory = this.deps.personal()?.inventory;
    if (!inventory) return undefined;
    let found: number | undefined;
    inventory.forEach((stack, key) => {
      const name = this.deps.item(stack.itemId)?.name;
      const slot = Number(key);
      if (name !== undefined && cookingRecipeFor(name) && (found === undefined || slot < found)) found = slot;
    });
    return found;
  }

  private skillOf(resourceId: number): string {
    const kind = resourceKindByName(this.resource(resourceId)?.kind ?? "");
    return kind ? capitalised(kind.skill) : "";
  }

  private resource(resourceId: number): ResourceState | undefined {
    return this.deps.state()?.resources?.get(String(resourceId));
  }
}

/** How a resource kind is called in a sentence ("oak tree", "shrimp fishing spot"). */
function nameOf(kind: string): string {
  return (resourceKindByName(kind)?.displayName ?? kind.replace(/_/g, " ")).toLowerCase();
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
