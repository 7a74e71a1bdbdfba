/** How a record's identity reads on the page: time in UTC to the microsecond, address:port (IPv6 in brackets). */

export function formatTime(ts: number): string {
  const whole = Math.floor(ts);
  const micros = Math.round((ts - whole) * 1e6);
  return `${new Date(whole * 1000).toISOString().slice(0, 19).replace('T', ' ')}.${String(micros).padStart(6, '0')}`;
}

export function formatEndpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
