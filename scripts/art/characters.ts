import { FRAME_PX, NPC_LOOKS, PLAYER_LOOKS, SHEET_FACINGS, WALK_FRAMES, type NpcLook } from "../../client/src/art/artCatalogue.js";
import { Canvas, hex } from "./Canvas.js";
import { drawCreature, type CreatureKind } from "./creature.js";
import { drawHumanoid, type Look } from "./humanoid.js";

const OUTLINE = { ...hex("#14141c"), a: 220 };

const SKINS = ["#f1c9a5", "#d9a07a", "#a86b45", "#6e4529"].map(hex);
const HAIRS = ["#3b2414", "#d8b25a", "#1c1c1c", "#9c3d1c", "#6b6b6b"].map(hex);
const TUNICS = ["#3867c8", "#c83a3a", "#3a9a4a", "#d0a020", "#7a44b8", "#1f9a9a", "#d06a20", "#e05a9a"].map(hex);

/** Player look `i`: a skin, hair and tunic colour each, so that neighbours in id look different. */
export function playerLook(i: number): Look {
  return {
    skin: SKINS[i % SKINS.length]!,
    hair: HAIRS[(i * 3) % HAIRS.length]!,
    tunic: TUNICS[i % TUNICS.length]!,
    trousers: hex(i % 2 === 0 ? "#3a3f55" : "#5a4630"),
  };
}

const NPC_HUMANOIDS: Partial<Record<NpcLook, Look>> = {
  goblin: { skin: hex("#6fae3a"), hair: hex("#3f6a20"), tunic: hex("#7a5a32"), trousers: hex("#4a3a22"), ears: "pointed", weapon: "club" },
  bandit: { skin: hex("#d9a07a"), hair: hex("#2a1a10"), tunic: hex("#3a3030"), trousers: hex("#2a2626"), hood: hex("#4a2222"), mask: hex("#1a1a1a"), weapon: "sword" },
  guard: { skin: hex("#f1c9a5"), hair: hex("#3b2414"), tunic: hex("#9aa6b8"), trousers: hex("#2f3b66"), helmet: hex("#c0c8d4"), cape: hex("#2a4aa8"), weapon: "spear" },
  skeleton: { skin: hex("#e8e2cc"), hair: hex("#e8e2cc"), tunic: hex("#d8d2bc"), trousers: hex("#cfc9b3"), boots: hex("#bdb6a0"), bony: true, weapon: "sword" },
  villager: { skin: hex("#f1c9a5"), hair: hex("#9c3d1c"), tunic: hex("#8aa35a"), trousers: hex("#6b5a3a") },
  shopkeeper: { skin: hex("#d9a07a"), hair: hex("#6b6b6b"), tunic: hex("#6a3a8a"), trousers: hex("#3a2f4a"), apron: hex("#efe6d0"), beard: hex("#6b6b6b") },
  troll: { skin: hex("#7f9a6a"), hair: hex("#4f5f3f"), tunic: hex("#6a5030"), trousers: hex("#4a3a26"), boots: hex("#5f7a4f"), ears: "pointed", beard: hex("#5f6f4f"), weapon: "club" },
  blacksmith: { skin: hex("#c98a62"), hair: hex("#2a1a10"), tunic: hex("#7a3a22"), trousers: hex("#2f2a26"), apron: hex("#5a3a22"), beard: hex("#2a1a10"), weapon: "club" },
  banker: { skin: hex("#f1c9a5"), hair: hex("#1c1c1c"), tunic: hex("#1f2a44"), trousers: hex("#1a1a22"), cape: hex("#c9a227"), beard: hex("#1c1c1c") },
};

type Painter = (c: Canvas, ox: number, oy: number, facing: (typeof SHEET_FACINGS)[number], step: number) => void;

function sheet(rows: Painter[]): Canvas {
  const c = new Canvas(FRAME_PX * SHEET_FACINGS.length * WALK_FRAMES, FRAME_PX * rows.length);
  rows.forEach((paint, row) => {
    SHEET_FACINGS.forEach((facing, f) => {
      for (let step = 0; step < WALK_FRAMES; step++) {
        const ox = (f * WALK_FRAMES + step) * FRAME_PX;
        const oy = row * FRAME_PX;
        paint(c, ox, oy, facing, step);
        c.outline(OUTLINE, ox, oy, FRAME_PX, FRAME_PX);
      }
    });
  });
  return c;
}

/** The players' sheet: one row per look, columns facing by facing (SHEET_FACINGS), WALK_FRAMES each. */
export function drawPlayers(): Canvas {
  return sheet(Array.from({ length: PLAYER_LOOKS }, (_, i): Painter => (c, ox, oy, facing, step) => drawHumanoid(c, ox, oy, facing, step, playerLook(i))));
}

/** The NPCs' sheet: one row per NPC_LOOKS entry, laid out like the players' sheet. */
export function drawNpcs(): Canvas {
  return sheet(NPC_LOOKS.map((look): Painter => {
    const humanoid = NPC_HUMANOIDS[look];
    if (humanoid) return (c, ox, oy, facing, step) => drawHumanoid(c, ox, oy, facing, step, humanoid);
    return (c, ox, oy, facing, step) => c.draw(drawCreature(look as CreatureKind, facing, step), ox, oy);
  }));
}
