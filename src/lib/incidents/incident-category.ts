/**
 * One category per incident. Stage 2 names a category per record, and the records of one attack do
 * not always agree (a port scan's records split between DoS and Probe): an incident takes its
 * technique's category when the technique has one, else the category most of its records share (a
 * tie goes to the category with the higher summed stage 1 score). What stage 2 said stays alongside,
 * counted. Pure.
 */
import { ATTACK_CATEGORIES, type AttackCategory } from '../schema/categories';
import type { FlaggedRecord } from './flagged-record';
import { TECHNIQUES, type Technique } from './technique';

export interface CategoryCount {
  category: AttackCategory;
  count: number;
}

/** Stage 2's categories of the records, most frequent first. */
export function stage2Counts(records: readonly FlaggedRecord[]): CategoryCount[] {
  return ATTACK_CATEGORIES.map((category) => ({ category, count: records.filter((r) => r.category === category).length }))
    .filter((c) => c.count > 0)
    .sort((a, b) => b.count - a.count);
}

export function incidentCategory(technique: Technique, records: readonly FlaggedRecord[]): AttackCategory {
  const fixed = TECHNIQUES[technique].category;
  if (fixed) return fixed;
  let best: AttackCategory = 'DoS';
  let bestCount = -1;
  let bestScore = -1;
  for (const category of ATTACK_CATEGORIES) {
    const members = records.filter((r) => r.category === category);
    const score = members.reduce((s, r) => s + r.score, 0);
    if (members.length > bestCount || (members.length === bestCount && score > bestScore)) {
      best = category;
      bestCount = members.length;
      bestScore = score;
    }
  }
  return best;
}
