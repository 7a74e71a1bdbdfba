/**
 * How urgent an incident is, 0–100, and its level: what the technique can do (a flood or a login that
 * worked after failed guesses weighs more than one odd connection), how big it is (records, on a log
 * scale) and how sure stage 1 is (its mean score). Incidents are listed by it. Pure.
 */
import type { Technique } from './technique';

export type SeverityLevel = 'critical' | 'high' | 'medium' | 'low';

export interface Severity {
  score: number;
  level: SeverityLevel;
}

const BASE: Record<Technique, number> = {
  'syn-flood': 70,
  'distributed-flood': 65,
  flood: 60,
  'password-guessing': 60,
  'port-scan': 50,
  'host-sweep': 50,
  'suspicious-connections': 25,
  'suspicious-records': 25,
};

/** Added when password guessing ended in a login that worked: the attacker may be in. */
const LOGIN_AFTER_GUESSING = 25;

export const SEVERITY_LEVELS: readonly { level: SeverityLevel; from: number }[] = [
  { level: 'critical', from: 85 },
  { level: 'high', from: 65 },
  { level: 'medium', from: 45 },
  { level: 'low', from: 0 },
];

export function severityOf(technique: Technique, facts: { records: number; meanScore: number; successfulLogins: number }): Severity {
  let score = BASE[technique];
  if (technique === 'password-guessing' && facts.successfulLogins > 0) score += LOGIN_AFTER_GUESSING;
  score += Math.min(15, 5 * Math.log10(Math.max(1, facts.records)));
  score += 10 * Math.min(1, Math.max(0, facts.meanScore));
  score = Math.round(Math.min(100, score));
  return { score, level: SEVERITY_LEVELS.find((l) => score >= l.from)!.level };
}
