/**
 * A vocabulary that starts from known values and appends unseen ones, so a value is never lost:
 * indices below `knownCount` are the schema's values, indices from `knownCount` on are values the
 * schema does not know (the preprocessor maps those to its "unknown" slot).
 */
/** Distinct unseen values a column keeps by name; any further new value shares one "other" index. */
export const MAX_UNSEEN_VALUES = 100;
/** The value text of that shared index. */
export const OTHER_UNSEEN_VALUES = '(other unseen values)';

export class GrowingVocabulary {
  readonly values: string[];
  readonly knownCount: number;
  /**
   * The index new values share once MAX_UNSEEN_VALUES are kept, or -1: a file of a million distinct
   * services must not grow the vocabulary (and the page's list of warnings) a million entries long.
   */
  otherIndex = -1;
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
        if (i === undefined && this.values.length - this.knownCount >= MAX_UNSEEN_VALUES) {
          // Not remembered by name (memory stays bounded): the next occurrence comes here again.
          if (this.otherIndex < 0) {
            this.otherIndex = this.values.length;
            this.values.push(OTHER_UNSEEN_VALUES);
          }
          i = this.otherIndex;
        } else {
          if (i === undefined) {
            i = this.values.length;
            this.values.push(value);
            this.lowerIndex.set(value.toLowerCase(), i);
          }
          this.index.set(value, i);
        }
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
