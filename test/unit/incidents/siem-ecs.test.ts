/**
 * The SIEM export (siem-ecs.ts) against the Elastic Common Schema's published field reference
 * (ECS 8.11, https://www.elastic.co/guide/en/ecs/8.11/ecs-field-reference.html, and its allowed values
 * for event.kind / event.category / event.type): every field outside the product's own
 * `traffic_anomaly_lab.*` set is an ECS field, typed as ECS types it, and the categorisation values are ECS's.
 */
import { describe, expect, it } from 'vitest';
import { demoCapture, demoScenarioOf, DEMO_HOSTS } from '../../../scripts/lib/demo-traffic';
import { buildIncidents, incidentsNdjson, incidentToEcs, ECS_VERSION } from '../../../src/lib/incidents';
import { flaggedOfCapture } from './capture-records';

/** ECS 8.11 fields (name → type), written from the field reference: only those the export may use. */
const ECS_FIELDS: Record<string, 'keyword' | 'date' | 'long' | 'ip' | 'text' | 'float'> = {
  '@timestamp': 'date',
  message: 'text',
  tags: 'keyword',
  'ecs.version': 'keyword',
  'event.kind': 'keyword',
  'event.category': 'keyword',
  'event.type': 'keyword',
  'event.action': 'keyword',
  'event.id': 'keyword',
  'event.created': 'date',
  'event.start': 'date',
  'event.end': 'date',
  'event.duration': 'long',
  'event.dataset': 'keyword',
  'event.module': 'keyword',
  'event.provider': 'keyword',
  'event.severity': 'long',
  'event.risk_score': 'float',
  'rule.id': 'keyword',
  'rule.name': 'keyword',
  'rule.category': 'keyword',
  'rule.ruleset': 'keyword',
  'rule.description': 'keyword',
  'observer.vendor': 'keyword',
  'observer.product': 'keyword',
  'observer.type': 'keyword',
  'source.ip': 'ip',
  'source.port': 'long',
  'source.bytes': 'long',
  'destination.ip': 'ip',
  'destination.port': 'long',
  'destination.bytes': 'long',
  'network.transport': 'keyword',
  'network.protocol': 'keyword',
  'network.bytes': 'long',
  'network.packets': 'long',
  'related.ip': 'ip',
  'threat.framework': 'keyword',
  'threat.tactic.id': 'keyword',
  'threat.tactic.name': 'keyword',
  'threat.technique.id': 'keyword',
  'threat.technique.name': 'keyword',
  'threat.technique.subtechnique.id': 'keyword',
  'threat.technique.subtechnique.name': 'keyword',
};
const EVENT_KIND = ['alert', 'asset', 'enrichment', 'event', 'metric', 'state', 'pipeline_error', 'signal'];
/** event.category values and the event.type values ECS expects with each. */
const EXPECTED_TYPES: Record<string, string[]> = {
  network: ['access', 'allowed', 'connection', 'denied', 'end', 'info', 'protocol', 'start'],
  intrusion_detection: ['allowed', 'denied', 'info'],
};

/** Leaf paths of a document, arrays as one field (ECS fields may hold arrays of their type). */
function leaves(value: unknown, path = ''): [string, unknown][] {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  return [[path, value]];
}

const isIp = (s: string) => /^\d{1,3}(\.\d{1,3}){3}$/.test(s) || s.includes(':');
function hasEcsType(type: string, v: unknown): boolean {
  const all = Array.isArray(v) ? v : [v];
  return all.every((x) => {
    switch (type) {
      case 'date':
        return typeof x === 'string' && !Number.isNaN(Date.parse(x)) && x.endsWith('Z');
      case 'long':
        return Number.isInteger(x);
      case 'float':
        return typeof x === 'number';
      case 'ip':
        return typeof x === 'string' && isIp(x);
      default:
        return typeof x === 'string';
    }
  });
}

describe('incidents as ECS documents', async () => {
  const { flagged } = await flaggedOfCapture(demoCapture(), {
    score: (o, r) => (demoScenarioOf(o, r) !== 'normal' ? 0.99 : 0.01),
    category: () => 'DoS',
  });
  const incidents = buildIncidents(flagged);
  const now = new Date('2026-12-07T00:00:00Z');
  const docs = incidents.map((i) => incidentToEcs(i, { file: 'demo.pcap', now }));

  it('use only ECS field names, with ECS types, besides the product field set', () => {
    expect(docs.length).toBe(3);
    for (const doc of docs) {
      for (const [path, value] of leaves(doc)) {
        if (path.startsWith('traffic_anomaly_lab.')) continue;
        expect(ECS_FIELDS, `${path} is an ECS field`).toHaveProperty([path]);
        expect(hasEcsType(ECS_FIELDS[path], value), `${path} = ${JSON.stringify(value)} is an ECS ${ECS_FIELDS[path]}`).toBe(true);
      }
    }
  });

  it('categorise as an alert with ECS allowed values', () => {
    for (const doc of docs) {
      const event = doc.event as { kind: string; category: string[]; type: string[] };
      expect(EVENT_KIND).toContain(event.kind);
      expect(event.kind).toBe('alert');
      for (const c of event.category) for (const t of event.type) expect(EXPECTED_TYPES[c]).toContain(t);
      expect((doc.ecs as { version: string }).version).toBe(ECS_VERSION);
    }
  });

  it('carry who, whom, when and the ATT&CK technique', () => {
    const flood = docs[incidents.findIndex((i) => i.technique === 'syn-flood')] as Record<string, any>;
    expect(flood.destination.ip).toBe(DEMO_HOSTS.web);
    expect(flood.destination.port).toBe(80);
    expect(flood.source.ip).toBeUndefined(); // many forged sources: listed in related.ip, not one source.ip
    expect(flood.related.ip).toContain(DEMO_HOSTS.web);
    expect(flood.threat.technique.id).toEqual(['T1499']);
    const guessing = docs[incidents.findIndex((i) => i.technique === 'password-guessing')] as Record<string, any>;
    expect(guessing.source.ip).toBe(DEMO_HOSTS.attacker);
    expect(guessing.threat.technique.subtechnique.id).toEqual(['T1110.001']);
    const incident = incidents.find((i) => i.technique === 'password-guessing')!;
    expect(guessing.event.start).toBe(new Date(Math.round(incident.firstSeen! * 1000)).toISOString());
    expect(Date.parse(guessing.event.end)).toBeGreaterThanOrEqual(Date.parse(guessing.event.start));
    expect(guessing.event.duration).toBe(Math.round((incident.lastEnd! - incident.firstSeen!) * 1e9));
  });

  it('NDJSON: one document a line, parseable as it is', () => {
    const text = incidentsNdjson(incidents, { file: 'demo.pcap', now });
    const lines = text.trimEnd().split('\n');
    expect(lines.length).toBe(incidents.length);
    expect(lines.map((l) => JSON.parse(l))).toEqual(docs);
  });
});
