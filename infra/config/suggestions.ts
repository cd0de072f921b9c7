/** "Did you mean …?": the names nearest to a misspelt one, for config messages and the lint. */

/** Levenshtein distance, for suggestions. */
export function editDistance(a: string, b: string): number {
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const row = [i];
        for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = row;
    }
    return prev[b.length];
}

/** Up to three names closest to `wanted` (case-insensitive), within a third of its length; none for short names. */
export function closest(wanted: string, names: Iterable<string>): string[] {
    if (wanted.length < 4) return [];
    const limit = Math.max(1, Math.floor(wanted.length / 3));
    return [...names]
        .map((n) => ({ n, d: editDistance(wanted.toLowerCase(), n.toLowerCase()) }))
        .filter((x) => x.d <= limit)
        .sort((x, y) => x.d - y.d || x.n.localeCompare(y.n))
        .slice(0, 3)
        .map((x) => x.n);
}
