import assert from "node:assert/strict";
import { BlockedWords, CHAT_MAX_CHARS, checkChatText, countChars } from "../../../src/services/rules/chatText.js";

const accepted = (raw: string) => {
  const checked = checkChatText(raw);
  assert.ok(checked.ok, `refused ${JSON.stringify(raw)}: ${checked.ok ? "" : checked.message}`);
  return checked.text;
};
const refused = (raw: string) => {
  const checked = checkChatText(raw);
  assert.equal(checked.ok, false, `accepted ${JSON.stringify(raw)}`);
};

describe("chatText", () => {
  describe("checkChatText", () => {
    it("accepts 200 characters and refuses 201", () => {
      assert.equal(CHAT_MAX_CHARS, 200);
      assert.equal(accepted("a".repeat(200)).length, 200);
      refused("a".repeat(201));
    });

    it("counts an emoji of one code point as one character, though it takes two UTF-16 units", () => {
      assert.equal("🙂".length, 2);
      assert.equal(countChars("🙂"), 1);
      assert.equal(accepted("🙂".repeat(200)), "🙂".repeat(200));
      refused("🙂".repeat(201));
      assert.equal(accepted("🙂".repeat(199) + "a"), "🙂".repeat(199) + "a");
    });

    it("counts every code point of a composed emoji (skin tone: two)", () => {
      assert.equal(countChars("👍🏽"), 2);
      accepted("👍🏽".repeat(100));
      refused("👍🏽".repeat(100) + "!");
    });

    it("trims white space before counting, and refuses what is empty after trimming", () => {
      assert.equal(accepted(`  ${"b".repeat(200)}  `), "b".repeat(200));
      assert.equal(accepted("\u3000hello\u00a0"), "hello");
      refused("");
      refused("     ");
      refused("\u3000\u00a0");
    });

    it("refuses a tab, a newline and every other control character, wherever it stands", () => {
      for (const raw of ["a\tb", "hello\t", "\thello", "a\nb", "a\rb", "bell\u0007", "nul\u0000", "del\u007f", "c1\u0085", "c1\u009b"]) refused(raw);
    });

    it("refuses unpaired surrogates but accepts format characters that emoji and scripts need", () => {
      refused("broken \ud83d");
      refused("\udc00 broken");
      assert.equal(accepted("👨\u200d👩\u200d👧"), "👨\u200d👩\u200d👧");
      assert.equal(accepted("مرحبا"), "مرحبا");
    });
  });

  describe("BlockedWords", () => {
    const blocked = new BlockedWords(["darn", "heck", "École", "bad word"]);

    it("masks a listed word with one * per character, without regard to case", () => {
      assert.equal(blocked.mask("darn it"), "**** it");
      assert.equal(blocked.mask("DARN it, Darn"), "**** it, ****");
      assert.equal(blocked.mask("école ÉCOLE"), "***** *****");
    });

    it("masks whole words only: a listed word inside another word is left alone", () => {
      assert.equal(blocked.mask("darned darning undarn"), "darned darning undarn");
      assert.equal(blocked.mask("checkheck heck2 2heck"), "checkheck heck2 2heck");
      assert.equal(blocked.mask("écoles"), "écoles");
      assert.equal(blocked.mask("darné"), "darné", "a non-ASCII letter continues the word");
    });

    it("takes punctuation, spaces, emoji and underscores as the edges of words", () => {
      assert.equal(blocked.mask("(darn)!"), "(****)!");
      assert.equal(blocked.mask("🙂darn🙂"), "🙂****🙂");
      assert.equal(blocked.mask("oh_darn_it"), "oh_****_it");
    });

    it("masks listed phrases and treats the list's special characters literally", () => {
      assert.equal(blocked.mask("a Bad Word here"), "a ******** here");
      const literal = new BlockedWords(["a.b", "c+", "x|y"]);
      assert.equal(literal.mask("a.b axb c+ cc x|y x"), "*** axb ** cc *** x");
    });

    it("masks nothing with an empty list, and ignores blank entries", () => {
      assert.equal(new BlockedWords([]).mask("darn"), "darn");
      assert.equal(new BlockedWords(["", "  "]).mask("darn  it"), "darn  it");
    });
  });
});
