import { forest } from "./forest.js";
import { mainland } from "./mainland.js";
import { renderMap } from "./renderMap.js";
import { town } from "./town.js";

/**
 * Every shipped map's `.tmj` text, by map id (the file's stem in `maps/`). Pure and deterministic: the
 * same code gives the same bytes, so the committed files can be checked against it.
 */
export function renderMaps(): Map<string, string> {
  return new Map([
    ["town", renderMap(town())],
    ["forest", renderMap(forest())],
    ["mainland", renderMap(mainland())],
  ]);
}
