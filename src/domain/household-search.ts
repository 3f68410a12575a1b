// What a household's fragment search indexes, and how a fragment is turned into index questions.
//
// An address usually starts with the names of its own region chain (长屿区南城街道海港社区 …).
// Indexing those characters cost most of the index entries of every row and made place-name
// fragments (城街道) match a third of the district through the index. So the region-name prefix is
// cut off before indexing: a row indexes only the character pairs of the rest of its address and
// of the head of household's name (and the name's single characters), plus one boundary gram
// (BOUNDARY + the first character after the prefix). Which prefix a row had is recorded per region path in household_search_prefixes,
// so a fragment is found by whichever of these holds:
//   - it lies inside the indexed rest, or in the name   → the pairs' GIN lookup;
//   - it lies inside a row's prefix                    → the region paths whose prefix contains it;
//   - it spans the prefix and the rest                 → the paths whose prefix ends with the
//                                                        fragment's head, and the boundary gram
//                                                        and pairs of its tail.
// The exact LIKE on address / head_name decides in every case; these only choose candidates.
// No single characters of addresses are indexed: a one-character address fragment is answered by
// the prefix paths and then the exact match alone (a scan).
import { normaliseForSearch } from './text-search.ts';

/** Marks the first character after a cut-off region prefix. Never in normalised text (no controls in cells). */
export const BOUNDARY = '\u0002';

/**
 * The region-name prefixes an address in a region may start with: every run of consecutive names
 * of its chain (root first, e.g. 长屿区 + 南城街道 + 海港社区, or 海港社区 alone), longest first.
 */
export function chainPrefixes(names: readonly string[]): string[] {
  const n = names.map(normaliseForSearch);
  const out = new Set<string>();
  for (let i = 0; i < n.length; i++) {
    let s = '';
    for (let k = i; k < n.length; k++) { s += n[k]; if (s) out.add(s); }
  }
  return [...out].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
}

function addPairs(out: Set<string>, text: string) {
  let prev = '';
  for (const ch of text) {
    if (prev) out.add(prev + ch);
    prev = ch;
  }
}

export interface HouseholdSearchFields {
  /** The GIN-indexed grams: pairs of the address after its region prefix and of the head's name, and the boundary gram. */
  grams: string[];
  /** The normalised region-name prefix cut off the address ('' when it starts with none). */
  prefix: string;
}

/** @param prefixes the household's region's chainPrefixes (longest first). */
export function householdSearch(address: string, headName: string | null | undefined, prefixes: readonly string[]): HouseholdSearchFields {
  const a = normaliseForSearch(address);
  let prefix = '';
  for (const p of prefixes) if (a.startsWith(p)) { prefix = p; break; }
  const rest = a.slice(prefix.length);
  const out = new Set<string>();
  if (prefix && rest) out.add(BOUNDARY + String.fromCodePoint(rest.codePointAt(0)!));
  addPairs(out, rest);
  if (headName) {
    // The name's single characters too: a surname alone is a common question, and a name is short.
    const name = normaliseForSearch(headName);
    addPairs(out, name);
    for (const ch of name) out.add(ch);
  }
  return { grams: [...out], prefix };
}

/** A head-of-household name fragment's index question: its pairs, or its one character. */
export function nameGrams(fragment: string): string[] {
  const f = normaliseForSearch(fragment);
  return Array.from(f).length === 1 ? [f] : fragmentPairs(f);
}

/** The pairs of a normalised fragment ([] for a single character). */
export function fragmentPairs(fragment: string): string[] {
  const out = new Set<string>();
  addPairs(out, normaliseForSearch(fragment));
  return [...out];
}

/** A fragment split into a head that may end a prefix and a tail that then starts the rest. */
export interface FragmentSpan { head: string; tail: string }
export function fragmentSpans(fragment: string): FragmentSpan[] {
  const c = Array.from(normaliseForSearch(fragment));
  const out: FragmentSpan[] = [];
  for (let j = 1; j < c.length; j++) out.push({ head: c.slice(0, j).join(''), tail: c.slice(j).join('') });
  return out;
}

/** The index question for a span's tail: the boundary gram of its first character and its own pairs. */
export function spanGrams(tail: string): string[] {
  return [BOUNDARY + String.fromCodePoint(tail.codePointAt(0)!), ...fragmentPairs(tail)];
}

/**
 * Which recorded (region path, prefix) rows a fragment reaches through the prefix: `inside` the
 * paths whose prefix contains it; `spans[j]` the paths whose prefix ends with span j's head (and
 * does not already contain the whole fragment).
 */
export function prefixCandidates(fragment: string, rows: readonly { region_path: string; prefix: string }[]) {
  const f = normaliseForSearch(fragment);
  const spans = fragmentSpans(fragment);
  const inside = new Set<string>();
  const bySpan = spans.map(() => new Set<string>());
  for (const r of rows) {
    if (r.prefix.includes(f)) { inside.add(r.region_path); continue; }
    spans.forEach((s, j) => { if (r.prefix.endsWith(s.head)) bySpan[j].add(r.region_path); });
  }
  return {
    inside: [...inside],
    spans: spans.map((s, j) => ({ ...s, paths: [...bySpan[j]].filter((p) => !inside.has(p)) })).filter((s) => s.paths.length),
  };
}
