import { Router } from "express";
import type { ShopService } from "../services/ShopService.js";

/**
 * `GET /shops/:id`: `200 {id, name, general, items: [{itemId, stock, normalStock, buyPrice, sellPrice}]}`
 * with the live stock (never cached), or `404 {error: "NOT_FOUND", message}` for an unknown shop.
 */
export function shopsRoute(shops: Pick<ShopService, "describe">): Router {
  const router = Router();
  router.get("/shops/:id", async (req, res) => {
    const shop = await shops.describe(req.params.id);
    res.setHeader("Cache-Control", "no-store");
    if (!shop.ok) {
      res.status(404).json({ error: "NOT_FOUND", message: shop.message });
      return;
    }
    res.json(shop.data);
  });
  return router;
}
