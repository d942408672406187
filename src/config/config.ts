import { isIP } from "node:net";
import { z } from "zod";

const DEVELOPMENT_JWT_SECRET = "development-only-secret-do-not-use-in-production";

const flag = z.enum(["0", "1", "false", "true"]).default("0");
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/**
 * The highest skill level and XP PostgreSQL accepts: the CHECK constraints `player_skills_level_check` and
 * `player_skills_xp_check` (prisma/migrations; a test keeps these in step). A cap configured above them
 * would let a player reach a value that makes every sync fail, so the configuration refuses it.
 */
export const DATABASE_SKILL_LIMITS = { level: 99, xp: 200_000_000 } as const;
const skillCap = (min: number, limit: number, check: string) =>
  z.coerce.number().int().min(min).max(limit, `at most ${limit}: the database's ${check} refuses more`);
const positive = () => z.coerce.number().positive();
const csv = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  );

/**
 * Every environment variable the server reads, with its default. The variable names are the contract
 * (README's configuration table); `loadConfig` turns them into the typed `Config`.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  PORT: int(0, 65535).default(2567),
  HOST: z.string().min(1).max(255).optional(),
  PUBLIC_ADDRESS: z.string().optional(),
  CLUSTER: flag,
  DATABASE_URL: z.url().default("postgresql://postgres@127.0.0.1:5432/rpg"),
  VALKEY_URL: z.url().default("redis://127.0.0.1:6379"),
  VALKEY_KEY_PREFIX: z.string().max(64).default(""),
  JWT_SECRET: z.string().min(16).optional(),
  ALLOW_DEV_JWT_SECRET: flag,
  JWT_TTL_S: int(60).default(3600),
  ADMIN_USERNAMES: csv.default([]),
  MONITOR_USER: z.string().default("admin"),
  MONITOR_PASSWORD: z.string().default(""),
  DEFAULT_MAP: z.string().min(1).default("town"),
  MAPS_DIR: z.string().min(1).optional(),
  MAX_PLAYERS_PER_MAP: int(1).default(500),
  /**
   * Admission control's ceiling of players per process (all its maps). The lag below finds the knee of the
   * machine at hand; this bounds a process whose lag has not caught up yet (a burst of joins). 1,000: above
   * every knee measured (250-500 players on the bench's 2 shared cores; ~700 estimated for a core of its own
   * at ~0.28 ms of CPU per command), the issue's design point for one process.
   */
  MAX_PLAYERS_PER_PROCESS: int(0).default(1_000),
  /**
   * Admission control: newcomers are refused while the event loop's sustained lag (`EventLoopWatch.lagMs`:
   * the median of the last 5 seconds' p99) is above this. 100 ms: the command p99 target; the bench's ladder
   * measured ~25 ms at the last step that held and 200-260 ms at the first that did not.
   */
  ADMISSION_MAX_EVENT_LOOP_LAG_MS: int(0).default(100),
  SYNC_INTERVAL_MS: int(100).default(10_000),
  SYNC_BATCH_SIZE: int(1).default(2_000),
  /** A sync run that drained at least this many players writes them while it reads them (`SyncWriteSession`). */
  SYNC_OVERLAP_FROM_PLAYERS: int(1).default(500),
  SYNC_TIMEOUT_MS: int(1_000).default(30_000),
  GROUND_ITEM_TIMER_SCALE: positive().default(1),
  RESPAWN_DELAY_MS: int(0).default(5_000),
  RECONNECT_WINDOW_S: int(0).default(20),
  AUTH_MAX_FAILURES: int(1).default(10),
  AUTH_FAILURE_WINDOW_S: int(1).default(600),
  REGISTRATIONS_PER_ADDRESS: int(0).default(20),
  REGISTRATION_WINDOW_S: int(1).default(3600),
  SCRYPT_LOG2_N: int(10, 20).default(17),
  INVENTORY_SLOTS: int(1, 28).default(28),
  AREA_OF_INTEREST_TILES: int(1).default(32),
  MOVE_COOLDOWN_MS: int(0).default(150),
  COMMAND_COOLDOWN_MS: int(0).default(100),
  CHAT_COOLDOWN_MS: int(0).default(1_000),
  CHAT_BLOCKED_WORDS: csv.default([]),
  MAX_MESSAGES_PER_SECOND: int(1).default(30),
  HP_REGEN_INTERVAL_MS: int(1).default(10_000),
  HP_REGEN_AMOUNT: int(1).default(1),
  MAX_LEVEL: skillCap(2, DATABASE_SKILL_LIMITS.level, "player_skills_level_check").default(99),
  MAX_XP: skillCap(1, DATABASE_SKILL_LIMITS.xp, "player_skills_xp_check").default(200_000_000),
  STARTING_HITPOINTS_LEVEL: skillCap(1, DATABASE_SKILL_LIMITS.level, "player_skills_level_check").default(10),
  STARTER_KIT: z.string().default("copper_dagger:1,wooden_shield:1,coins:25,bread:5"),
  SESSION_TTL_S: int(5).default(30),
  GAME_TICK_MS: int(10, 60_000).default(600),
  NPC_RESPAWN_SCALE: positive().default(1),
  COMBAT_RNG_SEED: int(0, 4_294_967_295).optional(),
  EAT_COOLDOWN_MS: int(0).default(1_800),
  EAT_SWING_DELAY_TICKS: int(0).default(3),
  BANK_SLOTS: int(1, 10_000).default(400),
  BANK_REACH_TILES: int(0).default(1),
  SHOP_REACH_TILES: int(0).default(2),
  SHOP_RESTOCK_MS: int(1).default(10_000),
  SHOP_BUY_PERCENT: int(0, 100).default(40),
  GATHER_ATTEMPT_TICKS: int(1, 100).default(4),
  TRADE_REACH_TILES: int(0).default(10),
  TRADE_REQUEST_TTL_MS: int(1).default(30_000),
});

export type Env = z.input<typeof envSchema>;

/** Protection and despawn times in seconds, before `GROUND_ITEM_TIMER_SCALE`, by item rarity. */
export const RARITY_TIMERS_S = {
  poor: { protectS: 30, despawnS: 60 },
  common: { protectS: 45, despawnS: 120 },
  uncommon: { protectS: 60, despawnS: 180 },
  rare: { protectS: 90, despawnS: 300 },
  epic: { protectS: 120, despawnS: 600 },
  legendary: { protectS: 180, despawnS: 900 },
} as const;

export interface StarterKitEntry {
  itemName: string;
  quantity: number;
}

/** The typed, validated configuration. Built once at start-up by `loadConfig`; tests build their own. */
export interface Config {
  nodeEnv: "development" | "test" | "production";
  logLevel: string;
  port: number;
  /**
   * The address the server binds. `null`: every interface (Node's default, `::` with IPv4 mapped).
   * Default: `127.0.0.1`, or every interface when NODE_ENV is production.
   */
  host: string | null;
  publicAddress: string | undefined;
  /** Several processes share one world: Colyseus RedisPresence and RedisDriver on VALKEY_URL. */
  cluster: boolean;
  databaseUrl: string;
  valkeyUrl: string;
  /** Prefix of every key of the state layer (several deployments, or test runs, sharing one Valkey). */
  valkeyKeyPrefix: string;
  jwtSecret: string;
  /** True when JWT_SECRET is unset and the built-in development secret signs tokens (logged at start-up). */
  jwtSecretIsDevelopment: boolean;
  jwtTtlS: number;
  adminUsernames: string[];
  monitor: { user: string; password: string };
  defaultMap: string;
  /** The folder of the world's `.tmj` maps (`MAPS_DIR`); undefined: the project's `maps/`. */
  mapsDir: string | undefined;
  maxPlayersPerMap: number;
  /** Admission control (see `Admission`): newcomers are refused past either limit; 0 turns a limit off. */
  admission: { maxPlayersPerProcess: number; maxEventLoopLagMs: number };
  sync: { intervalMs: number; batchSize: number; overlapFromPlayers: number; timeoutMs: number };
  sessionTtlS: number;
  /** Seeds every combat and drop roll of the process (`COMBAT_RNG_SEED`); undefined: unpredictable. */
  combatRngSeed: number | undefined;
  /** Registrations allowed per client address per `windowS`; 0: no limit. */
  registrations: { perAddress: number; windowS: number };
  /** scrypt's N for new password hashes is 2^scryptLog2N (r = 8, p = 1). */
  scryptLog2N: number;
  rules: GameRules;
}

/** Every number of GAME_RULES.md. Services take this, never the environment. */
export interface GameRules {
  inventorySlots: number;
  areaOfInterestTiles: number;
  moveCooldownMs: number;
  commandCooldownMs: number;
  /** Between two accepted `chat` commands of one player, all channels together. */
  chatCooldownMs: number;
  /** Words (or phrases) masked with `*` in chat, matched as whole words without regard to case. */
  chatBlockedWords: string[];
  maxMessagesPerSecond: number;
  hpRegenIntervalMs: number;
  hpRegenAmount: number;
  respawnDelayMs: number;
  reconnectWindowS: number;
  maxLevel: number;
  maxXp: number;
  startingHitpointsLevel: number;
  groundItemTimerScale: number;
  rarityTimersS: typeof RARITY_TIMERS_S;
  starterKit: StarterKitEntry[];
  authMaxFailures: number;
  authFailureWindowS: number;
  /** The world's tick (`GAME_TICK_MS`): NPCs, swings, regeneration, respawns and despawns happen on ticks. */
  gameTickMs: number;
  /** Multiplies every NPC respawn time (`NPC_RESPAWN_SCALE`). */
  npcRespawnScale: number;
  /** Cooldown of `eat` (`EAT_COOLDOWN_MS`). */
  eatCooldownMs: number;
  /** Eating delays the player's next swing by this many ticks (`EAT_SWING_DELAY_TICKS`). */
  eatSwingDelayTicks: number;
  /** Slots of every player's bank, numbered from 0 (`BANK_SLOTS`). */
  bankSlots: number;
  /** A bank is used within this Chebyshev distance of a booth (`BANK_REACH_TILES`). */
  bankReachTiles: number;
  /** A shopkeeper trades within this Chebyshev distance (`SHOP_REACH_TILES`). */
  shopReachTiles: number;
  /** Shop stock moves one unit per item toward its normal level every this many ms (`SHOP_RESTOCK_MS`). */
  shopRestockMs: number;
  /** Shops buy at this percentage of an item's value, rounded down (`SHOP_BUY_PERCENT`). */
  shopBuyPercent: number;
  /** Ticks between two gathering or cooking attempts of one player (`GATHER_ATTEMPT_TICKS`). */
  gatherAttemptTicks: number;
  /** Two players trade within this Chebyshev distance; farther apart, their trade ends (`TRADE_REACH_TILES`). */
  tradeReachTiles: number;
  /** A trade request not accepted within this many ms lapses (`TRADE_REQUEST_TTL_MS`). */
  tradeRequestTtlMs: number;
}

/** Raised when the environment is invalid; its message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`Invalid configuration:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

function isOn(value: "0" | "1" | "false" | "true"): boolean {
  return value === "1" || value === "true";
}

/** True for a bind address only this machine can reach: `localhost`, 127.0.0.0/8 or ::1. */
export function isLoopback(host: string | null): boolean {
  if (host === null) return false;
  const bare = host.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || /^(0{0,4}:){7}0{0,3}1$/.test(bare) || /^::ffff:127\./.test(bare);
  return false;
}

function parseStarterKit(raw: string): StarterKitEntry[] | string {
  const entries: StarterKitEntry[] = [];
  for (const part of raw.split(",").map((p) => p.trim()).filter(Boolean)) {
    const match = /^([a-z0-9_]+):(\d+)$/.exec(part);
    if (!match || Number(match[2]) < 1) return `"${part}" is not itemName:quantity`;
    entries.push({ itemName: match[1]!, quantity: Number(match[2]) });
  }
  return entries;
}

/**
 * Validates `env` (default: `process.env`) and returns the typed configuration.
 * @throws ConfigError naming every invalid variable at once.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  const starterKit = parseStarterKit(e.STARTER_KIT);
  if (typeof starterKit === "string") problems.push(`STARTER_KIT: ${starterKit}`);
  const host = e.HOST ?? (e.NODE_ENV === "production" ? null : "127.0.0.1");
  if (!e.JWT_SECRET) {
    if (e.NODE_ENV === "production") problems.push("JWT_SECRET: required when NODE_ENV is production");
    else if (!isLoopback(host) && !isOn(e.ALLOW_DEV_JWT_SECRET)) {
      problems.push(
        `JWT_SECRET: required when the server is reachable from other hosts (HOST=${host ?? "every interface"}); ` +
          "set JWT_SECRET, or ALLOW_DEV_JWT_SECRET=1 to sign tokens with the public development secret anyway",
      );
    }
  }
  if (isOn(e.CLUSTER) && !e.PUBLIC_ADDRESS) {
    problems.push("PUBLIC_ADDRESS: required when CLUSTER is on (each process needs its own, e.g. 127.0.0.1:2568)");
  }
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    host,
    publicAddress: e.PUBLIC_ADDRESS,
    cluster: isOn(e.CLUSTER),
    databaseUrl: e.DATABASE_URL,
    valkeyUrl: e.VALKEY_URL,
    valkeyKeyPrefix: e.VALKEY_KEY_PREFIX,
    jwtSecret: e.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    jwtSecretIsDevelopment: e.JWT_SECRET === undefined,
    jwtTtlS: e.JWT_TTL_S,
    adminUsernames: e.ADMIN_USERNAMES.map((u) => u.toLowerCase()),
    monitor: { user: e.MONITOR_USER, password: e.MONITOR_PASSWORD },
    defaultMap: e.DEFAULT_MAP,
    mapsDir: e.MAPS_DIR,
    maxPlayersPerMap: e.MAX_PLAYERS_PER_MAP,
    admission: { maxPlayersPerProcess: e.MAX_PLAYERS_PER_PROCESS, maxEventLoopLagMs: e.ADMISSION_MAX_EVENT_LOOP_LAG_MS },
    sync: { intervalMs: e.SYNC_INTERVAL_MS, batchSize: e.SYNC_BATCH_SIZE, overlapFromPlayers: e.SYNC_OVERLAP_FROM_PLAYERS, timeoutMs: e.SYNC_TIMEOUT_MS },
    sessionTtlS: e.SESSION_TTL_S,
    combatRngSeed: e.COMBAT_RNG_SEED,
    registrations: { perAddress: e.REGISTRATIONS_PER_ADDRESS, windowS: e.REGISTRATION_WINDOW_S },
    scryptLog2N: e.SCRYPT_LOG2_N,
    rules: {
      inventorySlots: e.INVENTORY_SLOTS,
      areaOfInterestTiles: e.AREA_OF_INTEREST_TILES,
      moveCooldownMs: e.MOVE_COOLDOWN_MS,
      commandCooldownMs: e.COMMAND_COOLDOWN_MS,
      chatCooldownMs: e.CHAT_COOLDOWN_MS,
      chatBlockedWords: e.CHAT_BLOCKED_WORDS,
      maxMessagesPerSecond: e.MAX_MESSAGES_PER_SECOND,
      hpRegenIntervalMs: e.HP_REGEN_INTERVAL_MS,
      hpRegenAmount: e.HP_REGEN_AMOUNT,
      respawnDelayMs: e.RESPAWN_DELAY_MS,
      reconnectWindowS: e.RECONNECT_WINDOW_S,
      maxLevel: e.MAX_LEVEL,
      maxXp: e.MAX_XP,
      startingHitpointsLevel: e.STARTING_HITPOINTS_LEVEL,
      groundItemTimerScale: e.GROUND_ITEM_TIMER_SCALE,
      rarityTimersS: RARITY_TIMERS_S,
      starterKit: starterKit as StarterKitEntry[],
      authMaxFailures: e.AUTH_MAX_FAILURES,
      authFailureWindowS: e.AUTH_FAILURE_WINDOW_S,
      gameTickMs: e.GAME_TICK_MS,
      npcRespawnScale: e.NPC_RESPAWN_SCALE,
      eatCooldownMs: e.EAT_COOLDOWN_MS,
      eatSwingDelayTicks: e.EAT_SWING_DELAY_TICKS,
      bankSlots: e.BANK_SLOTS,
      bankReachTiles: e.BANK_REACH_TILES,
      shopReachTiles: e.SHOP_REACH_TILES,
      shopRestockMs: e.SHOP_RESTOCK_MS,
      shopBuyPercent: e.SHOP_BUY_PERCENT,
      gatherAttemptTicks: e.GATHER_ATTEMPT_TICKS,
      tradeReachTiles: e.TRADE_REACH_TILES,
      tradeRequestTtlMs: e.TRADE_REQUEST_TTL_MS,
    },
  };
}
