/** Number formatting for the UI: one fixed locale, so what tests read is what users read. */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatCount(n: number): string {
  return integer.format(n);
}

/** Decimal units (1 MB = 1,000,000 bytes), as file managers show sizes; MB from 1 MB up. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${integer.format(bytes)}\u00a0bytes`;
  if (bytes < 1e6) return `${oneDecimal.format(bytes / 1e3)}\u00a0kB`;
  return `${oneDecimal.format(bytes / 1e6)}\u00a0MB`;
}

export function formatSeconds(ms: number): string {
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: ms < 10_000 ? 2 : 1 }).format(ms / 1000)} s`;
}

/** `count / seconds` as a whole number per second, or "–" before any time has passed. */
export function formatRate(count: number, ms: number, unit: string): string {
  return ms > 0 ? `${integer.format((count * 1000) / ms)} ${unit}/s` : `– ${unit}/s`;
}

export function formatPercent(part: number, whole: number): string {
  return whole > 0 ? `${oneDecimal.format((100 * part) / whole)}\u00a0%` : '–';
}

export function formatMegabytesPerSecond(bytes: number, ms: number): string {
  return ms > 0 ? `${oneDecimal.format(bytes / 1e6 / (ms / 1000))}\u00a0MB/s` : '– MB/s';
}

/** "45 s", "3 min 5 s": a rounded duration for "time left". */
export function formatDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return s % 60 === 0 ? `${m} min` : `${m} min ${s % 60} s`;
}

/** A ratio in [0, 1] as a fixed 4-decimal number ("0.9731"). */
export function formatRatio(x: number): string {
  return Number.isFinite(x) ? x.toFixed(4) : '–';
}

/** A score or threshold ("0.711901"). */
export function formatScore(x: number): string {
  return Number.isFinite(x) ? x.toFixed(6) : '–';
}
