// Fragment search without a tokenizer: a row stores the distinct characters and character
// pairs of its searchable text in a GIN-indexed array. A query fragment must contain all of
// its pairs (or its one character), which narrows to a few rows before the exact LIKE check.
// Works the same on PGlite and PostgreSQL and does not depend on the database locale, which
// decides whether pg_trgm sees Chinese characters at all. Residents' names use these grams as
// they are; households index less (household-search.ts).

export function normaliseForSearch(s: string): string {
  return s.normalize('NFKC').toLowerCase().replace(/\s+/g, '');
}

/** The grams a stored text contributes: every character and every adjacent pair. */
export function gramsOf(...texts: (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const t of texts) {
    if (!t) continue;
    const chars = Array.from(normaliseForSearch(t));
    for (let i = 0; i < chars.length; i++) {
      out.add(chars[i]);
      if (i + 1 < chars.length) out.add(chars[i] + chars[i + 1]);
    }
  }
  return [...out];
}

/** The grams a query fragment needs: its pairs, or the single character of a one-character query. */
export function queryGrams(fragment: string): string[] {
  const chars = Array.from(normaliseForSearch(fragment));
  if (chars.length === 0) return [];
  if (chars.length === 1) return chars;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) pairs.add(chars[i] + chars[i + 1]);
  return [...pairs];
}

/** Escape % and _ for a LIKE pattern. */
export function likeEscape(s: string): string {
  return s.replace(/[\\%_]/g, (c) => '\\' + c);
}
