/**
 * Incidents from flagged records (src/lib/incidents): generated captures read by the app's reader, the
 * flagging chosen by the test (so the rules are tested, not the shipped models), then grouped, named,
 * given one category and ranked.
 */
import { describe, expect, it } from 'vitest';
import { demoCapture, demoScenarioOf, DEMO_HOSTS } from '../../../scripts/lib/demo-traffic';
import { tcp, tcpSession, writePcap, type Frame } from '../../../src/lib/capture-writer/capture-writer';
import { ATTACK_CATEGORIES, type AttackCategory } from '../../../src/lib/schema/categories';
import { buildIncidents, listedEvidence, type FlaggedRecord } from '../../../src/lib/incidents';
import { flaggedOfCapture } from './capture-records';

const SCENARIO_CATEGORY = { 'port-scan': 'Probe', 'syn-flood': 'DoS', 'password-guessing': 'R2L' } as const;

describe('incidents of the demo capture', async () => {
  // Every attack record flagged; stage 2 deliberately split (every third record named otherwise), as
  // real models split one attack's records; and some normal web visits flagged too, as the flood's
  // host window makes the models do.
  const wrong = (c: AttackCategory, row: number) => (row % 3 === 0 ? ATTACK_CATEGORIES[(ATTACK_CATEGORIES.indexOf(c) + 1) % 4] : c);
  const { flagged } = await flaggedOfCapture(demoCapture(), {
    score: (o, r, row) => (demoScenarioOf(o, r) !== 'normal' ? 0.99 : r === DEMO_HOSTS.web && row % 4 === 0 ? 0.6 : 0.01),
    category: (o, r, row) => {
      const s = demoScenarioOf(o, r);
      return s === 'normal' ? 'DoS' : wrong(SCENARIO_CATEGORY[s], row);
    },
  });
  const incidents = buildIncidents(flagged);
  const ofScenario = (s: string) => flagged.filter((r) => demoScenarioOf(r.origH!, r.respH!) === s);

  it('every flagged record is in exactly one incident', () => {
    const rows = incidents.flatMap((i) => i.evidence.map((r) => r.row));
    expect(rows.length).toBe(flagged.length);
    expect(new Set(rows).size).toBe(flagged.length);
  });

  it('its three attacks are three incidents with the right techniques, ranked above anything else flagged', () => {
    const top = incidents.slice(0, 3);
    expect(top.map((i) => i.technique).sort()).toEqual(['password-guessing', 'port-scan', 'syn-flood']);
    for (const i of top) {
      const scenario = i.technique;
      // The incident holds exactly that attack's records.
      expect(i.evidence.map((r) => r.row).sort((a, b) => a - b)).toEqual(ofScenario(scenario).map((r) => r.row).sort((a, b) => a - b));
    }
    for (const rest of incidents.slice(3)) expect(rest.technique).toBe('suspicious-connections');
  });

  it('within one incident the category agrees, whatever stage 2 said of each record (#21 item 4)', () => {
    for (const i of incidents.slice(0, 3)) {
      expect(i.category).toBe(SCENARIO_CATEGORY[i.technique as keyof typeof SCENARIO_CATEGORY]);
      expect(i.stage2.length).toBeGreaterThan(1);
      expect(i.stage2.reduce((s, c) => s + c.count, 0)).toBe(i.records);
    }
  });

  it('titles say what happened, to whom, how much', () => {
    const by = (t: string) => incidents.find((i) => i.technique === t)!;
    const scan = by('port-scan');
    const scanPorts = new Set(ofScenario('port-scan').map((r) => r.respP)).size;
    expect(scan.title).toMatch(new RegExp(`^port scan of ${DEMO_HOSTS.mail.replace(/\./g, '\\.')}: ${scanPorts} ports in `));
    expect(scan.sources).toEqual([DEMO_HOSTS.attacker]);
    const flood = by('syn-flood');
    const forged = new Set(ofScenario('syn-flood').map((r) => r.origH)).size;
    expect(flood.title).toContain(`SYN flood on ${DEMO_HOSTS.web}:80`);
    expect(flood.title).toContain(`from ${forged.toLocaleString('en-US')} addresses`);
    expect(flood.sourceCount).toBe(forged);
    const guessing = by('password-guessing');
    const failed = ofScenario('password-guessing').reduce((s, r) => s + r.failedLogins, 0);
    expect(failed).toBeGreaterThan(0);
    expect(guessing.failedLogins).toBe(failed);
    expect(guessing.successfulLogins).toBe(ofScenario('password-guessing').filter((r) => r.loggedIn).length);
    expect(guessing.title).toMatch(new RegExp(`^password guessing on ftp of ${DEMO_HOSTS.ftp.replace(/\./g, '\\.')}: ${failed} failed logins`));
  });

  it('first and last seen, bytes and counts come from the records', () => {
    for (const i of incidents) {
      const ts = i.evidence.map((r) => r.ts!);
      expect(i.firstSeen).toBe(Math.min(...ts));
      expect(i.lastSeen).toBe(Math.max(...ts));
      expect(i.records).toBe(i.evidence.length);
      expect(i.sourceBytes).toBe(i.evidence.reduce((s, r) => s + r.srcBytes, 0));
      expect(i.targetBytes).toBe(i.evidence.reduce((s, r) => s + r.dstBytes, 0));
      expect(i.severity.score).toBeGreaterThanOrEqual(0);
      expect(i.severity.score).toBeLessThanOrEqual(100);
    }
  });

  it('crosses to the page with its evidence listed up to a bound, its figures unchanged', () => {
    const listed = listedEvidence(incidents, 5);
    expect(listed.map((i) => i.evidence.length)).toEqual(incidents.map((i) => Math.min(5, i.records)));
    expect(listed.map(({ evidence, ...rest }) => rest)).toEqual(incidents.map(({ evidence, ...rest }) => rest));
    expect(listed.every((i, k) => i.evidence.every((r, j) => r === incidents[k].evidence[j]))).toBe(true);
    // A source port only when every record shares it (a session, a scan from one port); a flood's vary.
    for (const i of incidents) expect(i.sourcePort).toBe(new Set(i.evidence.map((r) => r.origP)).size === 1 ? i.evidence[0].origP : null);
    expect(incidents.find((i) => i.technique === 'syn-flood')?.sourcePort).toBeNull();
  });

  it('an incident keeps its id when the threshold moves (triage stays attached)', () => {
    const fewer = buildIncidents(flagged.filter((r) => r.score >= 0.9));
    for (const i of fewer) expect(incidents.map((j) => j.id)).toContain(i.id);
  });
});

describe('grouping rules on generated captures', () => {
  const START = 1_700_000_000;
  const flagAll = { score: () => 0.9, category: () => 'DoS' as const };

  it('a quiet gap longer than a minute between two bursts of one pair makes two incidents', async () => {
    const burst = (at: number): Frame[] => Array.from({ length: 12 }, (_, k) => tcp({ ts: at + k * 0.01, src: '192.0.2.7', dst: '10.0.0.5', sport: 40000 + k, dport: 1000 + k, flags: 'S' }));
    const frames = [...burst(START), ...burst(START + 600)];
    const { flagged } = await flaggedOfCapture(writePcap(frames), flagAll);
    const incidents = buildIncidents(flagged);
    expect(incidents.map((i) => i.technique)).toEqual(['port-scan', 'port-scan']);
    expect(incidents.map((i) => i.records)).toEqual([12, 12]);
  });

  it('one source to many hosts on one port is a host sweep', async () => {
    const frames = Array.from({ length: 15 }, (_, k) => tcp({ ts: START + k * 0.05, src: '192.0.2.8', dst: `10.0.2.${k + 1}`, sport: 50000 + k, dport: 22, flags: 'S' }));
    const { flagged } = await flaggedOfCapture(writePcap(frames), flagAll);
    const [sweep, ...rest] = buildIncidents(flagged);
    expect(rest).toEqual([]);
    expect(sweep.technique).toBe('host-sweep');
    expect(sweep.category).toBe('Probe');
    expect(sweep.title).toMatch(/^host sweep from 192\.0\.2\.8: 15 hosts on port 22 in /);
  });

  it('a few odd sessions take the category most of their records share', async () => {
    const frames = [0, 1, 2].flatMap((k) => tcpSession({ client: '10.0.0.9', server: '10.0.1.80', clientPort: 41000 + k, serverPort: 80, start: START + k, exchanges: [{ from: 'client', data: 'GET / HTTP/1.1\r\n\r\n' }], close: 'fin' }));
    const { flagged } = await flaggedOfCapture(writePcap(frames.sort((a, b) => a.ts - b.ts)), { score: () => 0.9, category: (_o, _r, row) => (row === 1 ? 'U2R' : 'R2L') });
    const [one] = buildIncidents(flagged);
    expect(one.technique).toBe('suspicious-connections');
    expect(one.category).toBe('R2L');
    expect(one.stage2).toEqual([{ category: 'R2L', count: 2 }, { category: 'U2R', count: 1 }]);
  });
});

describe('records without addresses (a CSV of records)', () => {
  const record = (row: number, category: AttackCategory, service: string): FlaggedRecord => ({
    row, index: row - 1, ts: null, duration: 0, origH: null, origP: 0, respH: null, respP: 0, protocol: 'tcp', service, flag: 'S0',
    srcBytes: 0, dstBytes: 0, packets: 0, failedLogins: 0, loggedIn: false, score: 0.9, category,
  });

  it('group by predicted category and service, and say the file has no addresses', () => {
    const incidents = buildIncidents([record(1, 'DoS', 'http'), record(2, 'DoS', 'http'), record(3, 'Probe', 'ftp')]);
    expect(incidents.map((i) => [i.technique, i.category, i.records])).toEqual([
      ['suspicious-records', 'DoS', 2],
      ['suspicious-records', 'Probe', 1],
    ]);
    expect(incidents[0].firstSeen).toBeNull();
    expect(incidents[0].title).toContain('(the file has no addresses)');
  });
});
