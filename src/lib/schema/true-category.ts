/**
 * A record's true category from its label index (RecordParser's label vocabulary starts with
 * KNOWN_LABELS, so an index below its length is a standard NSL-KDD name; later ones are attack names
 * NSL-KDD does not have, counted apart). Pure.
 */
import { ATTACK_CATEGORY, CATEGORIES, KNOWN_LABELS } from './categories';

const CATEGORY_OF_KNOWN_LABEL = Int8Array.from(KNOWN_LABELS, (l) => CATEGORIES.indexOf(ATTACK_CATEGORY.get(l)!));

/** Index into CATEGORIES of each row's label, −1 when unlabelled (−1) or not an NSL-KDD name. */
export function trueCategories(labels: Int32Array, rows = labels.length): Int8Array {
  const out = new Int8Array(rows);
  for (let i = 0; i < rows; i++) {
    const l = labels[i];
    out[i] = l >= 0 && l < CATEGORY_OF_KNOWN_LABEL.length ? CATEGORY_OF_KNOWN_LABEL[l] : -1;
  }
  return out;
}
