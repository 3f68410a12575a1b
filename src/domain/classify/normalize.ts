// Text normalisation before features (category suggestion, issue 5): the same request written in
// traditional characters, full-width letters or with emoji gives the same features as its plain
// simplified form.
//   1. NFKC: full-width ＡＢＣ１２３ and compatibility forms become ASCII.
//   2. Traditional → simplified with OpenCC's Taiwan → mainland tables (tw → cn covers plain
//      traditional as well as Taiwan variants), only when the text has a character it converts.
//   3. Lower case; every run of digits becomes a single 0 (12号楼 and 3号楼 are one feature).
//   4. Anything that is not a CJK ideograph, a latin letter or a digit (punctuation, emoji,
//      symbols, whitespace) becomes a single space: the boundary between runs.
import * as OpenCC from 'opencc-js';

/** Longest text looked at; the rest of a longer text is ignored (and reported as truncated). */
export const MAX_TEXT_CHARS = 10_000;

let converter: ((s: string) => string) | null = null;
const converts = new Map<number, boolean>();

/** Traditional → simplified (OpenCC tw → cn), skipped when no character of the text changes. */
export function toSimplified(text: string): string {
  const convert = (converter ??= OpenCC.Converter({ from: 'tw', to: 'cn' }));
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x3400) continue;
    let yes = converts.get(c);
    if (yes === undefined) {
      const ch = String.fromCharCode(c);
      yes = convert(ch) !== ch;
      converts.set(c, yes);
    }
    if (yes) return convert(text);
  }
  return text;
}

/** Is this code point a CJK ideograph (basic block, extension A, compatibility)? */
export function isHan(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

export interface Normalised {
  /** Simplified, lower-case, digits collapsed to 0, separators as single spaces, trimmed. */
  text: string;
  /** The input was longer than MAX_TEXT_CHARS and only its beginning was used. */
  truncated: boolean;
}

export function normaliseText(input: string): Normalised {
  if (typeof input !== 'string') throw new TypeError('文本必须是字符串|text must be a string');
  const truncated = input.length > MAX_TEXT_CHARS;
  const raw = truncated ? input.slice(0, MAX_TEXT_CHARS) : input;
  const s = toSimplified(raw.normalize('NFKC')).toLowerCase();
  let out = '';
  let space = true;   // collapse leading and repeated separators
  let digit = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (!digit) { out += '0'; digit = true; space = false; }
      continue;
    }
    digit = false;
    if ((c >= 0x61 && c <= 0x7a) || isHan(c)) { out += s[i]; space = false; continue; }
    if (c >= 0xd800 && c <= 0xdbff) i++;   // a surrogate pair (emoji, rare ideographs): a separator
    if (!space) { out += ' '; space = true; }
  }
  return { text: out.trimEnd(), truncated };
}
