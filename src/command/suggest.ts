// "Did you mean" for mistyped commands and flags: the nearest candidates by edit distance, as
// cobra (TSB's tctl) and git suggest them.

/** Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/**
 * The candidates nearest to `word` (ties kept, sorted), within a distance that grows with the
 * word's length (1 for short words, 2 from 4 letters, 3 from 9), or a candidate `word` starts.
 */
export function nearest(word: string, candidates: Iterable<string>): string[] {
  const limit = word.length < 4 ? 1 : word.length < 9 ? 2 : 3;
  let best = Infinity;
  let out: string[] = [];
  for (const c of new Set(candidates)) {
    const d = c.startsWith(word) && word.length >= 3 ? 1 : editDistance(word, c);
    if (d > limit || d > best) continue;
    if (d < best) {
      best = d;
      out = [];
    }
    out.push(c);
  }
  return out.sort();
}
