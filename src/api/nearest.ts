/** Edit distance (Levenshtein) between two words. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

const squash = (s: string): string => s.toLowerCase().replace(/[_-]/g, '');

/**
 * The known word a typo most likely meant: the same word ignoring case, `_` and `-`, else the
 * closest within edit distance 2 (ties: the first in `known`); undefined when nothing is close.
 */
export function nearest(word: string, known: readonly string[]): string | undefined {
  const w = squash(word);
  const same = known.find((k) => squash(k) === w);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(squash(k), w);
    if (d < bestD) [best, bestD] = [k, d];
  }
  return best;
}
