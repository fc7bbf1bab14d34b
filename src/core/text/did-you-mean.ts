/**
 * "Did you mean …?" hints for every unknown name kgov reports: config keys, fields, topics, environments.
 */

/**
 * Edit distance counting insertions, deletions, substitutions and swaps of two neighbouring characters, each as one
 * edit (the "optimal string alignment" form of Damerau-Levenshtein). Swaps matter: `rentention` and `retnetion` are
 * the typos people make.
 */
export function damerauLevenshtein(a: string, b: string): number {
  // rows[i][j] is the distance between the first i characters of a and the first j of b.
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row.push(best);
    }
    rows.push(row);
  }
  return (rows[a.length] as number[])[b.length] as number;
}

export interface ClosestMatchOptions {
  /** How many matches to return at most; default 3. */
  readonly max?: number;
  /** Largest edit distance still worth suggesting; default a third of the input's length, at least 1. */
  readonly maxDistance?: number;
}

/**
 * The candidates nearest to `input`, best first (ties in alphabetical order), ignoring case. Candidates further than
 * `maxDistance`, or more than one edit worse than the best, are left out: an empty result means "nothing close enough
 * to suggest", and a clear winner comes alone.
 */
export function closestMatches(
  input: string,
  candidates: Iterable<string>,
  options: ClosestMatchOptions = {},
): string[] {
  const max = options.max ?? 3;
  const maxDistance = options.maxDistance ?? Math.max(1, Math.floor(input.length / 3));
  const wanted = input.toLowerCase();
  const scored: { candidate: string; distance: number }[] = [];
  for (const candidate of new Set(candidates)) {
    const distance = damerauLevenshtein(wanted, candidate.toLowerCase());
    if (distance <= maxDistance) scored.push({ candidate, distance });
  }
  scored.sort(
    (x, y) => x.distance - y.distance || (x.candidate < y.candidate ? -1 : x.candidate > y.candidate ? 1 : 0),
  );
  const best = scored[0]?.distance ?? 0;
  return scored
    .filter((s) => s.distance <= best + 1)
    .slice(0, max)
    .map((s) => s.candidate);
}
