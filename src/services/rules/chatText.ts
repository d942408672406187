/**
 * The rules of chat text (GAME_RULES.md "Chat"): pure, no I/O, the same for every channel and for
 * announcements.
 *
 * Characters are Unicode code points, as for passwords: an emoji of one code point ("🙂") counts as one,
 * an emoji built of several (a skin tone, a flag, a ZWJ family) counts each of its code points. Code points
 * rather than grapheme clusters because their count does not depend on the Unicode version of the runtime
 * (server and clients agree) and because one grapheme cluster can hold any number of combining marks.
 */

export const CHAT_MAX_CHARS = 200;

/** C0 and C1 controls and DEL (tab, newline and carriage return included), and unpaired surrogates. */
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Cs}]/u;
/** What words are made of: a blocked word matches only where neither neighbour is one of these. */
const WORD_CHARACTER = "[\\p{L}\\p{M}\\p{N}]";

export type ChatTextCheck = { ok: true; text: string } | { ok: false; message: string };

/**
 * The text as sent: refused when it holds a control character anywhere (even one that trimming would
 * remove), then trimmed (`String.prototype.trim`: Unicode white space), then 1 to 200 code points.
 */
export function checkChatText(raw: string): ChatTextCheck {
  if (FORBIDDEN_CHARACTER.test(raw)) return { ok: false, message: "text: control characters are not allowed" };
  const text = raw.trim();
  const chars = countChars(text);
  if (chars === 0) return { ok: false, message: "text: empty" };
  if (chars > CHAT_MAX_CHARS) return { ok: false, message: `text: ${chars} characters, at most ${CHAT_MAX_CHARS}` };
  return { ok: true, text };
}

/** Length in Unicode code points. */
export function countChars(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/**
 * The block list (CHAT_BLOCKED_WORDS): each listed word (or phrase) is replaced by as many `*` as it has
 * code points wherever it stands as a whole word, without regard to case (Unicode simple case folding).
 * A whole word: neither the character before nor the one after is a letter, a combining mark or a digit,
 * so a listed word inside a longer word ("ass" in "classic", "caf" in "café") is left alone.
 *
 * Written here rather than with `obscenity`: its word boundaries and case folding are ASCII only (it
 * would mask "caf" in "café" and miss "ÉCOLE" for "école").
 */
export class BlockedWords {
  private readonly pattern: RegExp | null;

  constructor(words: readonly string[]) {
    const listed = [...new Set(words.map((w) => w.trim()).filter((w) => w !== ""))];
    // Longest first: of two listed words starting at one place, the longer is masked.
    listed.sort((a, b) => countChars(b) - countChars(a));
    this.pattern = listed.length === 0
      ? null
      : new RegExp(`(?<!${WORD_CHARACTER})(?:${listed.map(escapeRegExp).join("|")})(?!${WORD_CHARACTER})`, "giu");
  }

  mask(text: string): string {
    return this.pattern ? text.replace(this.pattern, (word) => "*".repeat(countChars(word))) : text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
