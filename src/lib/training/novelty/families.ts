/**
 * Attack families for leave-one-family-out folds: KDDTrain+'s attack names grouped by how the attack
 * works, so each fold hides whole attack types from stage 1 (as KDDTest+ brings mscan, apache2,
 * snmpgetattack … that KDDTrain+ never shows). DoS is split in two because neptune alone is 80 % of the
 * training attacks: hiding all of DoS would leave stage 1 almost no attacks to learn from.
 */
export interface AttackFamily {
  name: string;
  labels: readonly string[];
}

export const ATTACK_FAMILIES: readonly AttackFamily[] = [
  { name: 'syn-flood', labels: ['neptune', 'land'] },
  { name: 'packet-dos', labels: ['smurf', 'pod', 'teardrop', 'back'] },
  { name: 'probe', labels: ['satan', 'ipsweep', 'portsweep', 'nmap'] },
  { name: 'r2l', labels: ['warezclient', 'guess_passwd', 'warezmaster', 'imap', 'ftp_write', 'multihop', 'phf', 'spy'] },
  { name: 'u2r', labels: ['buffer_overflow', 'rootkit', 'loadmodule', 'perl'] },
];

/**
 * Checks that the families cover every attack name of a training file exactly once (so each fold's
 * "seen" attacks are exactly the other families') and returns the attack names no family holds.
 */
export function uncoveredAttackNames(families: readonly AttackFamily[], attackNames: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const f of families) {
    for (const l of f.labels) {
      const other = seen.get(l);
      if (other !== undefined) throw new Error(`attack name ${l} is in two families: ${other} and ${f.name}`);
      seen.set(l, f.name);
    }
  }
  return attackNames.filter((l) => !seen.has(l));
}
