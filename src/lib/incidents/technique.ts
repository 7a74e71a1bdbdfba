/**
 * What a group of flagged records was, by technique, read from the records themselves (never from a
 * label): the rules an analyst applies when looking at the rows, with their thresholds named. Each
 * technique has the NSL-KDD category it belongs to and its MITRE ATT&CK technique (for SIEM export).
 * Pure.
 */
import type { AttackCategory } from '../schema/categories';
import { isAttempt, type FlaggedRecord } from './flagged-record';
import { distinct, type RecordGroup } from './grouping';

export type Technique = 'syn-flood' | 'distributed-flood' | 'flood' | 'port-scan' | 'host-sweep' | 'password-guessing' | 'suspicious-connections' | 'suspicious-records';

export interface TechniqueInfo {
  /** Plain-language name: "port scan". */
  name: string;
  /** Null: the category comes from stage 2's majority. */
  category: AttackCategory | null;
  /** MITRE ATT&CK (enterprise), for the SIEM export; null where none fits. */
  attack: { tactic: { id: string; name: string }; technique: { id: string; name: string }; subtechnique?: { id: string; name: string } } | null;
}

const IMPACT = { id: 'TA0040', name: 'Impact' };
const DISCOVERY = { id: 'TA0007', name: 'Discovery' };
const CREDENTIAL_ACCESS = { id: 'TA0006', name: 'Credential Access' };
const ENDPOINT_DOS = { id: 'T1499', name: 'Endpoint Denial of Service' };
const NETWORK_DOS = { id: 'T1498', name: 'Network Denial of Service' };
const SERVICE_DISCOVERY = { id: 'T1046', name: 'Network Service Discovery' };
const BRUTE_FORCE = { id: 'T1110', name: 'Brute Force' };

export const TECHNIQUES: Record<Technique, TechniqueInfo> = {
  'syn-flood': { name: 'SYN flood', category: 'DoS', attack: { tactic: IMPACT, technique: ENDPOINT_DOS, subtechnique: { id: 'T1499.001', name: 'OS Exhaustion Flood' } } },
  'distributed-flood': { name: 'distributed flood', category: 'DoS', attack: { tactic: IMPACT, technique: NETWORK_DOS, subtechnique: { id: 'T1498.001', name: 'Direct Network Flood' } } },
  flood: { name: 'flood', category: 'DoS', attack: { tactic: IMPACT, technique: NETWORK_DOS, subtechnique: { id: 'T1498.001', name: 'Direct Network Flood' } } },
  'port-scan': { name: 'port scan', category: 'Probe', attack: { tactic: DISCOVERY, technique: SERVICE_DISCOVERY } },
  'host-sweep': { name: 'host sweep', category: 'Probe', attack: { tactic: DISCOVERY, technique: SERVICE_DISCOVERY } },
  'password-guessing': { name: 'password guessing', category: 'R2L', attack: { tactic: CREDENTIAL_ACCESS, technique: BRUTE_FORCE, subtechnique: { id: 'T1110.001', name: 'Password Guessing' } } },
  'suspicious-connections': { name: 'suspicious connections', category: null, attack: null },
  'suspicious-records': { name: 'suspicious records', category: null, attack: null },
};

export const TECHNIQUE_RULES = {
  /** Share of a fan-in's TCP records whose handshake never completed, for a SYN flood. */
  synFloodAttemptShare: 0.8,
  /** Distinct destination ports from one source to one host, for a port scan. */
  portScanMinPorts: 10,
  /** Failed logins (NSL-KDD's num_failed_logins, summed) from one source to one host, for password guessing. */
  guessingMinFailedLogins: 2,
  /** Records from one source to one host within `floodMaxSeconds`, for a flood. */
  floodMinRecords: 100,
  floodMaxSeconds: 10,
};

export function techniqueOf(group: RecordGroup, rules = TECHNIQUE_RULES): Technique {
  const records = group.records;
  if (group.shape === 'no-address') return 'suspicious-records';
  if (group.shape === 'fan-in') {
    const attempts = records.filter(isAttempt).length;
    return attempts >= rules.synFloodAttemptShare * records.length && records.every((r) => r.protocol === 'tcp') ? 'syn-flood' : 'distributed-flood';
  }
  if (group.shape === 'fan-out') return 'host-sweep';
  if (distinct(records, (r) => r.respP) >= rules.portScanMinPorts) return 'port-scan';
  if (failedLogins(records) >= rules.guessingMinFailedLogins) return 'password-guessing';
  if (records.length >= rules.floodMinRecords && spanSeconds(records) <= rules.floodMaxSeconds) return 'flood';
  return 'suspicious-connections';
}

export function failedLogins(records: readonly FlaggedRecord[]): number {
  return records.reduce((sum, r) => sum + r.failedLogins, 0);
}

/** From the first start to the last start. */
export function spanSeconds(records: readonly FlaggedRecord[]): number {
  let first = Infinity;
  let last = -Infinity;
  for (const r of records) {
    if (r.ts === null) continue;
    first = Math.min(first, r.ts);
    last = Math.max(last, r.ts);
  }
  return last >= first ? last - first : 0;
}
