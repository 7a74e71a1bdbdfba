/**
 * An incident's title in plain language, by technique: what happened, to whom, how much, how fast
 * ("port scan of 10.0.1.25: 300 ports in 0.9 s"). One fixed locale, like the page's figures. Pure.
 */
import type { Incident } from './incident';

type TitleFacts = Omit<Incident, 'id' | 'title'>;

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const n = (x: number) => count.format(x);
const plural = (x: number, one: string, many = `${one}s`) => `${n(x)} ${x === 1 ? one : many}`;

/** A time span, rounded: "0.9 s", "4 s", "3 min", "2.5 h". */
export function formatSpan(seconds: number): string {
  if (seconds < 10) return `${Number(seconds.toPrecision(seconds < 1 ? 1 : 2))} s`;
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return `${Number((seconds / 3600).toFixed(1))} h`;
}

/** "10.0.1.80:80", "[2001:db8::1]:443". */
export function endpoint(address: string, port: number): string {
  return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}

export function incidentTitle(i: TitleFacts): string {
  const span = i.firstSeen !== null && i.lastSeen !== null && i.records > 1 ? ` in ${formatSpan(i.lastSeen - i.firstSeen)}` : '';
  const source = i.sourceCount === 1 ? i.sources[0] : `${n(i.sourceCount)} sources`;
  const target = i.targetCount === 1 ? i.targets[0] : `${n(i.targetCount)} hosts`;
  const service = i.services[0] ?? i.protocols[0] ?? 'unknown service';
  const targetPort = i.targetCount === 1 && i.portCount === 1 ? endpoint(i.targets[0], i.ports[0]) : target;
  switch (i.technique) {
    case 'port-scan':
      return `port scan of ${target}: ${plural(i.portCount, 'port')}${span}`;
    case 'host-sweep':
      return `host sweep from ${source}: ${plural(i.targetCount, 'host')} on port ${i.ports[0]}${span}`;
    case 'syn-flood':
      return `SYN flood on ${targetPort}: ${plural(i.records, 'connection attempt')} from ${plural(i.sourceCount, 'address', 'addresses')}${span}`;
    case 'distributed-flood':
      return `flood of ${service} on ${targetPort} from ${n(i.sourceCount)} addresses${span}`;
    case 'flood':
      return `${i.protocols[0] ?? ''} flood of ${targetPort} from ${source}: ${plural(i.records, 'connection')}${span}`;
    case 'password-guessing': {
      const worked = i.successfulLogins > 0 ? `, then ${plural(i.successfulLogins, 'login')} that worked` : '';
      return `password guessing on ${service} of ${target}: ${plural(i.failedLogins, 'failed login')} in ${plural(i.records, 'connection')}${worked}`;
    }
    case 'suspicious-connections':
      return `${plural(i.records, `suspicious ${service} connection`)} from ${source} to ${target}${span}`;
    case 'suspicious-records':
      return `${plural(i.records, `${i.category} record`)} on ${service}${i.shape === 'no-address' ? ' (the file has no addresses)' : ''}`;
  }
}
