import type { AuthResponse, HttpError, NpcKindInfo, PublicRules } from "../../../src/protocol/index.js";
import type { ItemDefinition } from "../../../src/content/ItemDefinition.js";
import type { ShopView } from "../../../src/protocol/index.js";
import { authErrorWords } from "../logic/refusalWords.js";

export type AuthOutcome = { ok: true; session: AuthResponse } | { ok: false; words: string; code: string };

/** `POST /auth/register` or `/auth/login` on the server the page came from; refusals come back in words. */
export async function authenticate(kind: "register" | "login", username: string, password: string): Promise<AuthOutcome> {
  let response: Response;
  try {
    response = await fetch(`auth/${kind}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username, password }),
    });
  } catch {
    return { ok: false, code: "NETWORK", words: "The server cannot be reached: check that it is running, then try again." };
  }
  const body = (await response.json().catch(() => null)) as (AuthResponse & Partial<HttpError>) | null;
  if (response.ok && body?.token) return { ok: true, session: body };
  const retryAfter = Number(response.headers.get("retry-after"));
  const code = body?.error ?? "UNKNOWN";
  return {
    ok: false,
    code,
    words: authErrorWords({
      status: response.status,
      code,
      message: body?.message ?? response.statusText,
      ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterS: retryAfter } : {}),
    }),
  };
}

async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`GET ${path}: ${response.status}`);
  return (await response.json()) as T;
}

/** The item catalogue (`GET /items`), by id. */
export async function fetchItems(): Promise<Map<number, ItemDefinition>> {
  const items = await getJson<ItemDefinition[]>("items");
  return new Map(items.map((i) => [i.id, i]));
}

/** The NPC kinds (`GET /npcs`), by kind. */
export async function fetchNpcKinds(): Promise<Map<string, NpcKindInfo>> {
  const kinds = await getJson<NpcKindInfo[]>("npcs");
  return new Map(kinds.map((k) => [k.kind, k]));
}

/** A shop's live stock and prices (`GET /shops/:id`, never cached). */
export function fetchShop(shopId: string): Promise<ShopView> {
  return getJson<ShopView>(`shops/${encodeURIComponent(shopId)}`);
}

/** The server's rule numbers (`GET /rules`): cooldowns, the respawn delay, the tick. */
export function fetchRules(): Promise<PublicRules> {
  return getJson<PublicRules>("rules");
}

/** A map's Tiled JSON (`GET /maps/:id`) and the URL it came from (its tileset images are relative to it). */
export async function fetchMap(mapId: string): Promise<{ url: string; tiled: unknown }> {
  const url = new URL(`maps/${encodeURIComponent(mapId)}`, document.baseURI).href;
  return { url, tiled: await getJson<unknown>(url) };
}
