/**
 * The part of papaparse's API that src/lib uses, for `tsc -p tsconfig.lib.json` only (tsconfig.lib.json
 * maps 'papaparse' here). @types/papaparse references Node's types, which would let `process` and
 * `Buffer` type-check in src/lib; the app's own check (tsconfig.json) still uses @types/papaparse.
 */
declare namespace Papa {
  interface ParseError {
    code: string;
    index: number;
    row?: number;
  }
  interface ParseResult<T> {
    data: T[];
    errors: ParseError[];
    meta: { cursor: number };
  }
  class Parser {
    constructor(config: { delimiter: string; newline: '\n' | '\r\n' | '\r' });
    parse(input: string, baseIndex: number, ignoreLastRow: boolean): ParseResult<unknown>;
  }
}

export default Papa;
