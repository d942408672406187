/**
 * `npm run admin -- promote <username> [player|moderator|admin]`: sets an account's role (default admin)
 * in PostgreSQL and, for a player who is online, in Valkey, with the server's configuration (DATABASE_URL,
 * VALKEY_URL, VALKEY_KEY_PREFIX): the player's next privileged command, in any process, sees it. Exits 1
 * for an unknown user, 2 for bad arguments or configuration.
 */
import { ConfigError, loadConfig } from "../src/config/config.js";
import { connectStores } from "../src/state/connectStores.js";
import { GameStateManager } from "../src/state/GameStateManager.js";
import { ROLES, type Role } from "../src/state/types.js";

const USAGE = `usage: npm run admin -- promote <username> [${ROLES.join("|")}]`;

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

async function promote(username: string, role: Role): Promise<number> {
  const stores = await connectStores(loadConfig());
  try {
    const gsm = new GameStateManager({ valkey: stores.valkey, prisma: stores.prisma });
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
  } finally {
    await stores.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, username, role = "admin", ...extra] = argv;
  if (command !== "promote" || !username || extra.length > 0) {
    console.error(USAGE);
    return 2;
  }
  if (!isRole(role)) {
    console.error(`error: unknown role "${role}"\n${USAGE}`);
    return 2;
  }
  return promote(username, role);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = error instanceof ConfigError ? 2 : 1;
  },
);
