import { CONN_FIELDS, FIELD_INDEX, REQUIRED_FIELDS, type RawConnRow } from './conn-fields';

/**
 * The state a Zeek ASCII (TSV) log's header lines set: `#separator \x09` (the only directive written
 * with a space, its value \x-escaped), then `#set_separator`, `#empty_field`, `#unset_field`,
 * `#path`, `#open`, `#fields`, `#types` and, at the end, `#close`, each separated from its value by
 * the separator. A new header (logs written one after another) replaces the old one.
 */
export class TsvHeader {
  separator = '\t';
  emptyField = '(empty)';
  unsetField = '-';
  path: string | null = null;
  /** Column index of each CONN_FIELDS entry in a data line, −1 when #fields lacks it. */
  private columns: number[] | null = null;
  fieldCount = 0;
  private missingRequired: readonly string[] | null = null;

  get hasFields(): boolean {
    return this.columns !== null;
  }

  /** Applies one `#` line; returns false for a comment that is not a directive Zeek writes. */
  apply(line: string): boolean {
    if (line.startsWith('#separator')) {
      this.separator = unescapeHex(line.slice('#separator'.length).trim());
      return true;
    }
    const cut = line.indexOf(this.separator);
    const name = cut < 0 ? line : line.slice(0, cut);
    const rest = cut < 0 ? '' : line.slice(cut + this.separator.length);
    switch (name) {
      case '#empty_field':
        this.emptyField = rest;
        return true;
      case '#unset_field':
        this.unsetField = rest;
        return true;
      case '#path':
        this.path = rest;
        return true;
      case '#fields': {
        const names = rest.split(this.separator);
        this.fieldCount = names.length;
        this.columns = CONN_FIELDS.map((f) => names.indexOf(f));
        this.missingRequired = null;
        return true;
      }
      case '#set_separator':
      case '#types':
      case '#open':
      case '#close':
        return true;
      default:
        return false;
    }
  }

  /** The required columns #fields lacks (computed once per #fields line). */
  missingRequiredColumns(): readonly string[] {
    if (this.missingRequired === null) {
      const columns = this.columns ?? [];
      this.missingRequired = REQUIRED_FIELDS.filter((f) => columns[FIELD_INDEX[f]] < 0);
    }
    return this.missingRequired;
  }

  /** A data line's values in CONN_FIELDS order; null when its field count differs from #fields. */
  rowOf(line: string): RawConnRow | null {
    const cells = line.split(this.separator);
    if (cells.length !== this.fieldCount) return null;
    const columns = this.columns!;
    const row: RawConnRow = new Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const c = columns[i];
      const cell = c < 0 ? null : cells[c];
      row[i] = cell === null || cell === this.unsetField || cell === this.emptyField || cell === '' ? null : cell;
    }
    return row;
  }
}

/** `\x09` → tab: the escape Zeek writes the separator with. */
function unescapeHex(s: string): string {
  return s.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
