/**
 * A vocabulary that starts from known values and appends unseen ones, so a value is never lost:
 * indices below `knownCount` are the schema's values, indices from `knownCount` on are values the
 * schema does not know (the preprocessor maps those to its "unknown" slot).
 */
export class GrowingVocabulary {
  readonly values: string[];
  readonly knownCount: number;
  private readonly index = new Map<string, number>();
  private readonly lowerIndex = new Map<string, number>();
  /** Occurrences and first data row of each unseen value, by index. */
  readonly unseen = new Map<number, { count: number; firstRow: number }>();
  /** The last value looked up and its index: a column often repeats its value from row to row. */
  private lastValue: string | null = null;
  private lastIndex = -1;

  constructor(known: readonly string[]) {
    this.values = [...known];
    this.knownCount = known.length;
    known.forEach((v, i) => {
      this.index.set(v, i);
      if (!this.lowerIndex.has(v.toLowerCase())) this.lowerIndex.set(v.toLowerCase(), i);
    });
  }

  /** The index of `value` (exact match, else a case-insensitive match of a known value), adding it if new. */
  indexOf(value: string, row: number): number {
    let i: number | undefined;
    if (value === this.lastValue) i = this.lastIndex;
    else {
      i = this.index.get(value);
      if (i === undefined) {
        i = this.lowerIndex.get(value.toLowerCase());
        if (i === undefined) {
          i = this.values.length;
          this.values.push(value);
          this.lowerIndex.set(value.toLowerCase(), i);
        }
        this.index.set(value, i);
      }
      // A value's index never changes once given, so remembering it is safe.
      this.lastValue = value;
      this.lastIndex = i;
    }
    if (i >= this.knownCount) {
      const u = this.unseen.get(i);
      if (u) u.count++;
      else this.unseen.set(i, { count: 1, firstRow: row });
    }
    return i;
  }
}
