/**
 * The operator's commands, with the server's configuration (DATABASE_URL, VALKEY_URL, VALKEY_KEY_PREFIX):
 *
 *   npm run admin -- promote <username> [player|moderator|admin]   sets the role (default admin) in
 *                                                                  PostgreSQL and Valkey at once: an online
 *                                                                  player's next privileged command, in
 *                                                                  any process, sees it
 *   npm run admin -- mute <username> <minutes>                     mutes for 1..10,080 minutes (PostgreSQL
 *                                                                  and Valkey at once; an online player's
 *                                                                  next chat is refused with MUTED)
 *   npm run admin -- unmute <username>                             lifts a mute
 *
 * Exits 1 for an unknown user, 2 for bad arguments or configuration. Mutes are logged like a moderator's.
 */
import { ConfigError, loadConfig } from "../src/config/config.js";
import { createLogger } from "../src/logger.js";
import { MUTE_MAX_MINUTES, MUTE_MIN_MINUTES, ModerationService, type Moderator } from "../src/services/ModerationService.js";
import { connectStores } from "../src/state/connectStores.js";
import { GameStateManager } from "../src/state/GameStateManager.js";
import { ROLES, type Role } from "../src/state/types.js";

const USAGE = [
  "usage: npm run admin -- promote <username> [" + ROLES.join("|") + "]",
  `       npm run admin -- mute <username> <minutes: ${MUTE_MIN_MINUTES}..${MUTE_MAX_MINUTES}>`,
  "       npm run admin -- unmute <username>",
].join("\n");
const OPERATOR: Moderator = { id: null, username: "npm run admin" };

class UsageError extends Error {}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

async function withGsm(run: (gsm: GameStateManager) => Promise<number>): Promise<number> {
  const cfg = loadConfig();
  const stores = await connectStores(cfg);
  try {
    return await run(new GameStateManager({ valkey: stores.valkey, prisma: stores.prisma }));
  } finally {
    await stores.close();
  }
}

function moderation(gsm: GameStateManager): ModerationService {
  // The operator's shell has no sessions to kick; it only mutes and unmutes.
  const kick = () => Promise.reject(new Error("npm run admin cannot kick"));
  return new ModerationService({ gsm, log: createLogger(loadConfig().logLevel), kick });
}

async function promote(username: string, role: Role): Promise<number> {
  return withGsm(async (gsm) => {
    const account = await gsm.accounts.findByUsername(username);
    if (!account) {
      console.error(`error: no user named "${username}"`);
      return 1;
    }
    if (account.role === role) {
      console.log(`${account.username} (id ${account.id}) already has the role ${role}.`);
    } else {
      await gsm.setRole(account.id, role);
      console.log(`${account.username} (id ${account.id}): role ${account.role} -> ${role}.`);
    }
    return 0;
  });
}

async function mute(username: string, minutes: number): Promise<number> {
  return withGsm(async (gsm) => {
    const muted = await moderation(gsm).mute(OPERATOR, username, minutes);
    if (!muted.ok) {
      console.error(`error: ${muted.code === "NOT_FOUND" ? `no user named "${username}"` : muted.message}`);
      return muted.code === "NOT_FOUND" ? 1 : 2;
    }
    console.log(`${username}: muted until ${new Date(muted.data.untilMs).toISOString()}.`);
    return 0;
  });
}

async function unmute(username: string): Promise<number> {
  return withGsm(async (gsm) => {
    const unmuted = await moderation(gsm).unmute(OPERATOR, username);
    if (!unmuted.ok) {
      console.error(`error: no user named "${username}"`);
      return 1;
    }
    console.log(`${username}: no longer muted.`);
    return 0;
  });
}

function main(argv: string[]): Promise<number> {
  const [command, username, ...rest] = argv;
  if (!username) throw new UsageError();
  if (command === "promote" && rest.length <= 1) {
    const role = rest[0] ?? "admin";
    if (!isRole(role)) throw new UsageError(`unknown role "${role}"`);
    return promote(username, role);
  }
  if (command === "mute" && rest.length === 1) {
    const minutes = Number(rest[0]);
    if (!/^\d+$/.test(rest[0] ?? "") || minutes < MUTE_MIN_MINUTES || minutes > MUTE_MAX_MINUTES) {
      throw new UsageError(`minutes must be an integer in ${MUTE_MIN_MINUTES}..${MUTE_MAX_MINUTES}`);
    }
    return mute(username, minutes);
  }
  if (command === "unmute" && rest.length === 0) return unmute(username);
  throw new UsageError();
}

Promise.resolve()
  .then(() => main(process.argv.slice(2)))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof UsageError) {
        console.error(error.message ? `error: ${error.message}\n${USAGE}` : USAGE);
        process.exitCode = 2;
        return;
      }
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = error instanceof ConfigError ? 2 : 1;
    },
  );
