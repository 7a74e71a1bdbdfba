/**
 * Capture times as Unix seconds in a double, exact to the microsecond when printed with toFixed(6):
 * whole seconds plus a whole number of microseconds / 1e6 (finer input is rounded to the nearest
 * microsecond), never a product of a large count and a small fraction.
 */

/** Seconds and a fraction in units of `unitsPerSecond` (pcap: 1e6 or 1e9). */
export function secondsAndFraction(seconds: number, fraction: number, unitsPerSecond: number): number {
  if (unitsPerSecond === 1_000_000) return seconds + fraction / 1e6;
  const micros = Math.round((fraction * 1_000_000) / unitsPerSecond);
  return seconds + micros / 1e6;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_53 = 9007199254740992;

/**
 * A pcapng timestamp: a 64-bit count (high and low 32-bit words) of units of 10^-exponent or
 * 2^-exponent seconds, plus the interface's offset in seconds.
 */
export function pcapngTimestamp(high: number, low: number, resolution: TimestampResolution, offsetSeconds: number): number {
  const units = high * TWO_POW_32 + low;
  if (resolution.base === 2) {
    // Binary fractions cannot be exact in microseconds anyway: split off the seconds, round the rest.
    const scale = 2 ** resolution.exponent;
    const whole = Math.floor(units / scale);
    const fraction = units - whole * scale;
    return offsetSeconds + whole + Math.round((fraction / scale) * 1e6) / 1e6;
  }
  const divisor = resolution.unitsPerSecond;
  let whole: number;
  let remainder: number;
  if (units < TWO_POW_53) {
    whole = Math.floor(units / divisor);
    remainder = units - whole * divisor;
  } else {
    // Beyond 2^53 (nanoseconds since 1970 are) the double is inexact: long division over 16-bit limbs.
    const limbs = [high >>> 16, high & 0xffff, low >>> 16, low & 0xffff];
    whole = 0;
    remainder = 0;
    for (const limb of limbs) {
      const current = remainder * 65536 + limb;
      const q = Math.floor(current / divisor);
      remainder = current - q * divisor;
      whole = whole * 65536 + q;
    }
  }
  return offsetSeconds + secondsAndFraction(whole, remainder, divisor);
}

export interface TimestampResolution {
  base: 10 | 2;
  exponent: number;
  /** base^exponent (exact for base 10 up to 10^15). */
  unitsPerSecond: number;
  /** Seconds per unit, for the summary. */
  seconds: number;
}

export const MICROSECONDS: TimestampResolution = { base: 10, exponent: 6, unitsPerSecond: 1e6, seconds: 1e-6 };

/** The pcapng if_tsresol byte: top bit clear → 10^-n, set → 2^-n. */
export function resolutionFromTsresol(value: number): TimestampResolution {
  const exponent = value & 0x7f;
  if ((value & 0x80) !== 0) return { base: 2, exponent, unitsPerSecond: 2 ** exponent, seconds: 2 ** -exponent };
  return { base: 10, exponent, unitsPerSecond: 10 ** exponent, seconds: 10 ** -exponent };
}
