/**
 * Incidents as Elastic Common Schema (ECS 8.x) alert documents, one JSON object a line (NDJSON), which
 * Elasticsearch, Filebeat's NDJSON input and most SIEMs that read ECS take as they are. ECS rather than
 * Suricata's EVE `alert`: an EVE alert is one packet or flow matching one signature, while an incident
 * is many flows over time with several sources or targets, which ECS's event.start/end, related.ip and
 * threat.* carry without inventing fields. The mapping (docs/notes/issue-26.md lists it):
 * - event.kind "alert", event.category ["network", "intrusion_detection"], event.type ["info"];
 *   event.start / end / duration (ns) from the first start and the last end; event.severity and
 *   event.risk_score the incident's 0–100 severity; event.action the technique;
 * - rule.name the technique's name, rule.category the incident's NSL-KDD category;
 * - threat.* the MITRE ATT&CK tactic, technique and subtechnique, where one fits;
 * - source.* / destination.*: the address (and port) when there is one, the bytes each side sent;
 *   related.ip every source and target listed;
 * - network.transport, network.protocol (NSL-KDD's service name, as the record has it), bytes, packets;
 * - what ECS has no field for (record counts, rows, failed logins, stage 2's categories) under
 *   `traffic_anomaly_lab.incident.*`, a custom field set outside ECS's names, as ECS advises.
 * Pure.
 */
import type { Incident } from './incident';
import { TECHNIQUES } from './technique';

export const ECS_VERSION = '8.11.0';
/** Rows of each incident named in the export (the records are in the predictions CSV). */
export const EXPORTED_ROWS = 1000;

export interface EcsContext {
  /** The analysed file's name. */
  file: string;
  /** When the export was made (event.created, and @timestamp for records without time). */
  now: Date;
}

const iso = (ts: number) => new Date(Math.round(ts * 1000)).toISOString();

export function incidentToEcs(incident: Incident, context: EcsContext): Record<string, unknown> {
  const technique = TECHNIQUES[incident.technique];
  const one = <T>(list: T[], count: number): T | undefined => (count === 1 ? list[0] : undefined);
  const sourceIp = one(incident.sources, incident.sourceCount);
  const targetIp = one(incident.targets, incident.targetCount);
  const port = one(incident.ports, incident.portCount);
  const sourcePort = incident.sourceCount === 1 ? (incident.sourcePort ?? undefined) : undefined;
  const service = incident.services[0];
  const packets = incident.packets;
  const event: Record<string, unknown> = {
    kind: 'alert',
    category: ['network', 'intrusion_detection'],
    type: ['info'],
    action: incident.technique,
    id: incident.id,
    created: context.now.toISOString(),
    dataset: 'traffic_anomaly_lab.incident',
    module: 'traffic_anomaly_lab',
    provider: 'traffic-anomaly-lab',
    severity: incident.severity.score,
    risk_score: incident.severity.score,
  };
  if (incident.firstSeen !== null && incident.lastEnd !== null) {
    event.start = iso(incident.firstSeen);
    event.end = iso(incident.lastEnd);
    event.duration = Math.round((incident.lastEnd - incident.firstSeen) * 1e9);
  }
  const doc: Record<string, unknown> = {
    '@timestamp': incident.firstSeen !== null ? iso(incident.firstSeen) : context.now.toISOString(),
    ecs: { version: ECS_VERSION },
    message: incident.title,
    tags: ['traffic-anomaly-lab', incident.technique, incident.category],
    event,
    rule: {
      id: incident.technique,
      name: technique.name,
      category: incident.category,
      ruleset: 'Traffic Anomaly Lab incidents',
      description: `${technique.name}, from flagged connection records grouped by who talked to whom`,
    },
    observer: { vendor: 'Traffic Anomaly Lab', product: 'Traffic Anomaly Lab', type: 'ids' },
    source: { ...(sourceIp !== undefined && { ip: sourceIp }), ...(sourcePort !== undefined && { port: sourcePort }), bytes: incident.sourceBytes },
    destination: { ...(targetIp !== undefined && { ip: targetIp }), ...(port !== undefined && { port }), bytes: incident.targetBytes },
    network: {
      ...(incident.protocols.length === 1 && { transport: incident.protocols[0] }),
      ...(service !== undefined && incident.services.length === 1 && { protocol: service }),
      bytes: incident.sourceBytes + incident.targetBytes,
      ...(packets > 0 && { packets }),
    },
    traffic_anomaly_lab: {
      incident: {
        file: context.file,
        technique: incident.technique,
        severity_level: incident.severity.level,
        records: incident.records,
        source_count: incident.sourceCount,
        target_count: incident.targetCount,
        port_count: incident.portCount,
        ports: incident.ports,
        services: incident.services,
        failed_logins: incident.failedLogins,
        successful_logins: incident.successfulLogins,
        mean_score: Number(incident.meanScore.toFixed(4)),
        stage2_categories: Object.fromEntries(incident.stage2.map((c) => [c.category, c.count])),
        rows: incident.evidence.slice(0, EXPORTED_ROWS).map((r) => r.row),
        rows_listed_all: incident.records <= EXPORTED_ROWS,
      },
    },
  };
  const ips = [...incident.sources, ...incident.targets];
  if (ips.length > 0) doc.related = { ip: [...new Set(ips)] };
  if (technique.attack) {
    const a = technique.attack;
    doc.threat = {
      framework: 'MITRE ATT&CK',
      tactic: { id: [a.tactic.id], name: [a.tactic.name] },
      technique: {
        id: [a.technique.id],
        name: [a.technique.name],
        ...(a.subtechnique && { subtechnique: { id: [a.subtechnique.id], name: [a.subtechnique.name] } }),
      },
    };
  }
  return doc;
}

/** The incidents as NDJSON: one ECS document a line, in the order given (most severe first). */
export function incidentsNdjson(incidents: readonly Incident[], context: EcsContext): string {
  return incidents.map((i) => JSON.stringify(incidentToEcs(i, context)) + '\n').join('');
}
