import type { CommandResult, HitMessage, NpcKindInfo } from "../../../src/protocol/index.js";
import type { MapState, PlayerState } from "../../../src/schema/MapState.js";
import { inMeleeReach, type Tile } from "../../../src/services/rules/distance.js";
import type { EntityRef } from "../game/WorldScene.js";
import { isAttackableKind, nearestAttackable, reachGoal } from "../logic/attackPlan.js";
import type { RefusalContext } from "../logic/refusalWords.js";
import type { Walker, WalkOutcome } from "../logic/Walker.js";

/** What fighting needs of the game. */
export interface CombatDeps {
  state(): MapState | null;
  me(): PlayerState | undefined;
  myId(): number | null;
  kind(kind: string): NpcKindInfo | undefined;
  walker: Walker;
  /** Sends a command and resolves with its result. */
  send(type: string, payload: Record<string, unknown>): Promise<CommandResult>;
  /** Shows a refused command's words (with what the client knows about it); nothing for a success. */
  explain(result: CommandResult, context: RefusalContext): void;
  notice(words: string, kind?: "info" | "error"): void;
  now(): number;
}

/** A `hit` as the client received it, kept for tests and the curious (the last `HITS_KEPT`). */
export interface ReceivedHit extends HitMessage {
  atMs: number;
}

const HITS_KEPT = 200;
/** An `attack` refused TOO_FAR (the target stepped away meanwhile) is walked up to again this many times. */
const APPROACH_TRIES = 4;
/** Least time between two walks after a target that stepped out of reach. */
const PURSUIT_PAUSE_MS = 250;

/**
 * Fighting: a click on an NPC (or on a player inside a PvP area) walks into reach over the collision layer
 * (the shared `findPath`, goal: the shared Manhattan reach) and sends `attack`; a target that steps away is
 * followed; the F key attacks the nearest attackable NPC. Walking away on purpose (`disengage`) sends
 * `attack:stop`. Every refusal is said in words with the target's name.
 */
export class CombatController {
  /** The character the server has as the player's target (its `attack` was accepted), or null. */
  target: EntityRef | null = null;
  /** The character being walked up to, before its `attack`. */
  approaching: EntityRef | null = null;
  readonly hits: ReceivedHit[] = [];
  private tries = 0;
  private nextPursuitMs = 0;
  /** Bumped by every new approach: the end of an older walk is no news. */
  private approachNo = 0;

  constructor(private readonly deps: CombatDeps) {}

  /** The character to mark in the world: the target, or the one being walked up to. */
  get focus(): EntityRef | null {
    return this.target ?? this.approaching;
  }

  /** Walks up to `ref` and attacks it (a peaceful NPC is refused by the server at once, in words). */
  engage(ref: EntityRef): void {
    const me = this.deps.me();
    const at = this.positionOf(ref);
    if (!me || !at) return;
    if (ref.type === "npc" && !isAttackableKind(this.kindOf(ref))) {
      void this.sendAttack(ref);
      return;
    }
    if (this.target && !sameRef(this.target, ref)) this.target = null;
    this.tries = 0;
    this.approach(ref);
  }

  /** F: attacks the attackable NPC nearest to the player, or says there is none in sight. */
  attackNearest(): void {
    const me = this.deps.me();
    const npcs = this.deps.state()?.npcs;
    if (!me || !npcs) return;
    const nearest = nearestAttackable(me, npcs.values(), (kind) => this.deps.kind(kind));
    if (!nearest) return this.deps.notice("There is nothing here you can attack.", "error");
    this.engage({ type: "npc", id: nearest.id });
  }

  /**
   * Stops fighting (the player walked away or pressed Esc): `attack:stop` when the server has a target. A
   * walk up to a target is left to the caller (a new walk replaces it).
   */
  disengage(): void {
    const hadTarget = this.target !== null;
    this.approachNo++;
    this.target = null;
    this.approaching = null;
    if (hadTarget) void this.deps.send("attack:stop", {}).then((r) => this.deps.explain(r, {}));
  }

  /** Forgets the fight without telling the server (a map change, a logout: the server ends it itself). */
  reset(): void {
    this.approachNo++;
    this.target = null;
    this.approaching = null;
  }

  /** Keeps a `hit` (the scene shows it) and says so when the player's blow killed its target. */
  onHit(hit: HitMessage): void {
    this.hits.push({ ...hit, atMs: this.deps.now() });
    if (this.hits.length > HITS_KEPT) this.hits.splice(0, this.hits.length - HITS_KEPT);
    if (hit.hp === 0 && hit.damage > 0 && hit.attackerType === "player" && hit.attackerId === this.deps.myId()) {
      this.deps.notice(`You defeated ${this.nameOf({ type: hit.targetType, id: hit.targetId })}.`);
    }
  }

  /** Every frame: ends a fight whose target is gone, and follows a target that stepped out of reach. */
  update(): void {
    const target = this.target;
    if (!target) return;
    const me = this.deps.me();
    const at = this.positionOf(target);
    if (!me || me.dead || !at) {
      this.target = null;
      return;
    }
    const walker = this.deps.walker;
    if (inMeleeReach(me, at) || walker.goal !== null || walker.busy || this.deps.now() < this.nextPursuitMs) return;
    this.nextPursuitMs = this.deps.now() + PURSUIT_PAUSE_MS;
    this.tries = 0;
    this.approach(target);
  }

  /** How the target is called in words ("the Rat", a player's name). */
  nameOf(ref: EntityRef): string {
    if (ref.type === "player") return this.deps.state()?.players.get(String(ref.id))?.username ?? "that player";
    const kind = this.kindOf(ref);
    return kind ? `the ${kind.displayName}` : "that creature";
  }

  /** The HUD's line about the fight ("Fighting the Rat (level 2): 3 / 4 HP"), or null. */
  describe(): string | null {
    const ref = this.focus;
    if (!ref) return null;
    const state = this.deps.state();
    const entity = ref.type === "npc" ? state?.npcs.get(String(ref.id)) : state?.players.get(String(ref.id));
    if (!entity) return null;
    const verb = this.target ? "Fighting" : "Going for";
    return `${verb} ${this.nameOf(ref)} (level ${entity.combatLevel}): ${entity.hp} / ${entity.maxHp} HP`;
  }

  private approach(ref: EntityRef): void {
    const me = this.deps.me();
    const at = this.positionOf(ref);
    if (!me || !at) return;
    if (inMeleeReach(me, at)) {
      this.approaching = null;
      void this.sendAttack(ref);
      return;
    }
    this.approaching = ref;
    const name = this.nameOf(ref);
    const approachNo = ++this.approachNo;
    this.deps.walker.walkTo({
      goal: reachGoal(name, () => this.positionOf(ref)),
      onEnd: (outcome: WalkOutcome) => {
        if (approachNo !== this.approachNo) return;
        this.approaching = null;
        if (outcome === "arrived") void this.sendAttack(ref);
        else if (outcome === "unreachable") this.deps.notice(this.positionOf(ref) ? `There is no way to reach ${name}.` : `${capitalised(name)} is gone.`, "error");
      },
    });
  }

  private async sendAttack(ref: EntityRef): Promise<void> {
    const result = await this.deps.send("attack", ref.type === "npc" ? { npcId: ref.id } : { playerId: ref.id });
    if (result.ok) {
      this.target = ref;
      return;
    }
    const again = this.tries < APPROACH_TRIES && this.positionOf(ref) !== null;
    if (again && (result.code === "TOO_FAR" || result.code === "RATE_LIMITED")) {
      // It stepped away between the last step and the attack (or the last attack was a moment ago): again.
      this.tries++;
      if (result.code === "TOO_FAR") return this.approach(ref);
      const approachNo = this.approachNo;
      setTimeout(() => {
        if (approachNo === this.approachNo) this.approach(ref);
      }, result.retryAfterMs ?? 100);
      return;
    }
    this.deps.explain(result, { target: { type: ref.type, name: this.nameOf(ref) } });
  }

  private positionOf(ref: EntityRef): Tile | null {
    const state = this.deps.state();
    if (!state) return null;
    if (ref.type === "npc") return state.npcs.get(String(ref.id)) ?? null;
    const player = state.players.get(String(ref.id));
    return player && !player.dead ? player : null;
  }

  private kindOf(ref: EntityRef): NpcKindInfo | undefined {
    const npc = this.deps.state()?.npcs.get(String(ref.id));
    return npc ? this.deps.kind(npc.kind) : undefined;
  }
}

function sameRef(a: EntityRef, b: EntityRef): boolean {
  return a.type === b.type && a.id === b.id;
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
