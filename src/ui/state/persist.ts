/**
 * What the page keeps in localStorage (backend choice, saved thresholds). Storage can be disabled or
 * full: reads then find nothing and writes are skipped, so a choice still applies for this visit.
 */

export function readString(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** A stored finite number, or null when there is none (or it is not a number). */
export function readNumber(key: string): number | null {
  const text = readString(key);
  return text === null || !Number.isFinite(Number(text)) ? null : Number(text);
}

export function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // not saved
  }
}

export function remove(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing was stored
  }
}
