/**
 * An incident: flagged records that are one event (grouping.ts), named by technique (technique.ts),
 * with one category (incident-category.ts), a severity (severity.ts) and a plain-language title
 * (title.ts), and the figures an analyst asks for first: who, whom, when, how much. `buildIncidents`
 * is the one entry point, for the page and the command line alike. Pure.
 */
import type { AttackCategory } from '../schema/categories';
import type { FlaggedRecord } from './flagged-record';
import { groupFlagged, GROUPING, type GroupShape } from './grouping';
import { incidentCategory, stage2Counts, type CategoryCount } from './incident-category';
import { severityOf, type Severity } from './severity';
import { failedLogins, techniqueOf, TECHNIQUES, TECHNIQUE_RULES, type Technique } from './technique';
import { incidentTitle } from './title';

export interface Incident {
  /** Stable across thresholds and visits: technique, source(s), target(s) and first start (for triage). */
  id: string;
  technique: Technique;
  /** "port scan". */
  techniqueName: string;
  title: string;
  category: AttackCategory;
  /** What stage 2 said of the records, most frequent first (the category above may differ: see incident-category.ts). */
  stage2: CategoryCount[];
  severity: Severity;
  shape: GroupShape;
  /** Distinct sources and destinations, most records first; at most LISTED of each. */
  sources: string[];
  sourceCount: number;
  targets: string[];
  targetCount: number;
  /** Distinct destination ports, ascending; at most LISTED. */
  ports: number[];
  portCount: number;
  /** Services, most records first. */
  services: string[];
  protocols: string[];
  /** Start of the first record and of the last one, and the end of the one that ended last (Unix seconds); null without time. */
  firstSeen: number | null;
  lastSeen: number | null;
  lastEnd: number | null;
  records: number;
  /** Bytes sent by the sources and by the targets. */
  sourceBytes: number;
  targetBytes: number;
  packets: number;
  failedLogins: number;
  /** Records that logged in (with password guessing: a guess that worked). */
  successfulLogins: number;
  /** Sources seen in one record each (a flood's forged addresses). */
  singleUseSources: number;
  meanScore: number;
  maxScore: number;
  /** The one source port of every record, when they share one (a session); null otherwise. */
  sourcePort: number | null;
  /** The evidence: the records, in time order (the first `records` of them; see listedEvidence). */
  evidence: FlaggedRecord[];
}

/** How many sources, targets and ports an incident lists by name. */
export const LISTED = 10;

export function buildIncidents(records: readonly FlaggedRecord[], options = { grouping: GROUPING, rules: TECHNIQUE_RULES }): Incident[] {
  const incidents = groupFlagged(records, options.grouping).map((group): Incident => {
    const evidence = group.records;
    const technique = techniqueOf(group, options.rules);
    const bySource = tally(evidence, (r) => r.origH);
    const byTarget = tally(evidence, (r) => r.respH);
    const ports = [...new Set(evidence.map((r) => r.respP))].sort((a, b) => a - b);
    // Loops, not Math.min(...spread): a flood's incident can hold more records than the call stack takes arguments.
    let firstSeen: number | null = null;
    let lastSeen: number | null = null;
    let lastEnd: number | null = null;
    let maxScore = -Infinity;
    for (const r of evidence) {
      maxScore = Math.max(maxScore, r.score);
      if (r.ts === null) continue;
      firstSeen = firstSeen === null ? r.ts : Math.min(firstSeen, r.ts);
      lastSeen = lastSeen === null ? r.ts : Math.max(lastSeen, r.ts);
      lastEnd = lastEnd === null ? r.ts + r.duration : Math.max(lastEnd, r.ts + r.duration);
    }
    const meanScore = evidence.reduce((s, r) => s + r.score, 0) / evidence.length;
    const successfulLogins = evidence.filter((r) => r.loggedIn).length;
    const sourcePort = evidence.every((r) => r.origP === evidence[0].origP) ? evidence[0].origP : null;
    const base = {
      technique,
      techniqueName: TECHNIQUES[technique].name,
      category: incidentCategory(technique, evidence),
      stage2: stage2Counts(evidence),
      severity: severityOf(technique, { records: evidence.length, meanScore, successfulLogins }),
      shape: group.shape,
      sources: bySource.slice(0, LISTED).map((t) => t.key),
      sourceCount: bySource.length,
      targets: byTarget.slice(0, LISTED).map((t) => t.key),
      targetCount: byTarget.length,
      ports: ports.slice(0, LISTED),
      portCount: ports.length,
      services: tally(evidence, (r) => r.service).map((t) => t.key),
      protocols: tally(evidence, (r) => r.protocol).map((t) => t.key),
      firstSeen,
      lastSeen,
      lastEnd,
      records: evidence.length,
      sourceBytes: evidence.reduce((s, r) => s + r.srcBytes, 0),
      targetBytes: evidence.reduce((s, r) => s + r.dstBytes, 0),
      packets: evidence.reduce((s, r) => s + r.packets, 0),
      failedLogins: failedLogins(evidence),
      successfulLogins,
      singleUseSources: bySource.filter((t) => t.count === 1).length,
      meanScore,
      maxScore,
      sourcePort,
      evidence,
    };
    const who = (list: string[], count: number) => (count === 1 ? list[0] : `${count} hosts`);
    const id = [technique, who(base.sources, base.sourceCount), who(base.targets, base.targetCount), base.services[0], base.firstSeen ?? evidence[0].row].join('|');
    return { ...base, id, title: incidentTitle(base) };
  });
  return incidents.sort((a, b) => b.severity.score - a.severity.score || b.records - a.records || (a.firstSeen ?? 0) - (b.firstSeen ?? 0));
}

/**
 * The incidents with at most `max` evidence records each (the first in time order; `records` keeps
 * the count): what crosses from the worker to the page, which lists and exports no more than that.
 */
export function listedEvidence(incidents: readonly Incident[], max: number): Incident[] {
  return incidents.map((i) => (i.evidence.length <= max ? i : { ...i, evidence: i.evidence.slice(0, max) }));
}

/** Distinct values with their record counts, most records first (ties: first seen first). */
function tally(records: readonly FlaggedRecord[], of: (r: FlaggedRecord) => string | null): { key: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const r of records) {
    const key = of(r);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count);
}
