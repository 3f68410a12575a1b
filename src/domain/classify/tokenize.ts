// Chinese word segmentation for category suggestion: jieba (@node-rs/jieba, its own dictionary)
// plus a user dictionary of the deployment's own words — road, community, village and building
// names from the registries — so 月牙湾社区 or 磨石嘴村 stay one word instead of being cut into
// pieces that look like ordinary words (月牙 / 湾 / 社区).
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { isHan } from './normalize.ts';

/** Frequency given to user words: high enough that jieba keeps them whole. */
const USER_WORD_FREQ = 100_000;

export interface TokenizerOptions {
  /** Extra words (place names, local terms) jieba must keep whole. */
  extraWords?: Iterable<string>;
}

/** A user dictionary line per usable word: "word freq ns". Words with spaces or no ideograph are skipped. */
export function userDictionary(words: Iterable<string>): string {
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const raw of words) {
    const w = String(raw ?? '').trim().toLowerCase();
    if (w.length < 2 || w.length > 30 || /\s/.test(w) || seen.has(w)) continue;
    let han = false;
    for (let i = 0; i < w.length && !han; i++) han = isHan(w.charCodeAt(i));
    if (!han) continue;
    seen.add(w);
    lines.push(`${w} ${USER_WORD_FREQ} ns`);
  }
  return lines.join('\n');
}

export class Tokenizer {
  private readonly jieba: Jieba;
  /** The user words this tokenizer knows (normalised to lower case). */
  readonly extraWords: ReadonlySet<string>;

  constructor(opts: TokenizerOptions = {}) {
    this.jieba = Jieba.withDict(dict);
    const text = userDictionary(opts.extraWords ?? []);
    this.extraWords = new Set(text ? text.split('\n').map((l) => l.slice(0, l.indexOf(' '))) : []);
    if (text) this.jieba.loadDict(Buffer.from(text));
  }

  /**
   * Words of a normalised text (see normaliseText): separators dropped, order kept. `hmm`: let
   * jieba's hidden Markov model join characters its dictionary does not know into new words
   * (good for reading place names; the classifier reads better without it — see DEFAULT_SPEC).
   */
  words(normalised: string, hmm = true): string[] {
    if (!normalised) return [];
    const out: string[] = [];
    for (const w of this.jieba.cut(normalised, hmm)) if (w !== ' ' && w.trim()) out.push(w);
    return out;
  }
}

let shared: Tokenizer | null = null;
/** The tokenizer without user words, created once (loading jieba's dictionary takes ~0.2 s). */
export function defaultTokenizer(): Tokenizer { return (shared ??= new Tokenizer()); }
