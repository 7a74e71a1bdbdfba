/**
 * Zeek's `time` values: Unix seconds as a number ("1331901000.123456", or a JSON number), or an
 * ISO 8601 string when the JSON writer is set to iso8601 ("2012-03-16T12:30:00.123456Z"). The
 * fraction is added separately because Date.parse keeps only milliseconds.
 */
const ISO_TIME = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Seconds since the epoch, or null when the value is no time. */
export function parseZeekTime(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (DECIMAL.test(value)) return Number(value);
  const m = ISO_TIME.exec(value);
  if (m === null) return null;
  const zone = m[3] === undefined ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3];
  const whole = Date.parse(`${m[1]}${zone}`);
  if (Number.isNaN(whole)) return null;
  return whole / 1000 + (m[2] === undefined ? 0 : Number(`0${m[2]}`));
}

/** A plain decimal number ("12", "0.5"), or null (so "", "1e", "0x10" and "12abc" are not numbers). */
export function parseDecimal(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return DECIMAL.test(value) ? Number(value) : null;
}
