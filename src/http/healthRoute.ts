import type { Request, Response } from "express";

export interface HealthProbe {
  ping(): Promise<{ valkey: boolean; postgres: boolean }>;
}

/** GET /health: 200 `{valkey: "ok", postgres: "ok"}`, or 503 with `"down"` for each store that is down. */
export function healthRoute(probe: () => HealthProbe | null) {
  return async (_req: Request, res: Response): Promise<void> => {
    const target = probe();
    const up = target ? await target.ping() : { valkey: false, postgres: false };
    const body = { valkey: up.valkey ? "ok" : "down", postgres: up.postgres ? "ok" : "down" };
    res.status(up.valkey && up.postgres ? 200 : 503).json(body);
  };
}
