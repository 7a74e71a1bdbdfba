/** Label normalisation and the standard NSL-KDD attack → category map. */

export const CATEGORIES = ['normal', 'DoS', 'Probe', 'R2L', 'U2R'] as const;
export type Category = (typeof CATEGORIES)[number];
/** The four attack categories, in stage 2's output order. */
export const ATTACK_CATEGORIES = ['DoS', 'Probe', 'R2L', 'U2R'] as const;
export type AttackCategory = (typeof ATTACK_CATEGORIES)[number];

/** An attack name the map does not know: reported as such, never guessed into a category. */
export const UNKNOWN_ATTACK = 'unknown attack';
export type LabelOutcome = Category | typeof UNKNOWN_ATTACK;

const CATEGORY_MEMBERS: Record<Exclude<Category, 'normal'>, readonly string[]> = {
  DoS: ['back', 'land', 'neptune', 'pod', 'smurf', 'teardrop', 'apache2', 'mailbomb', 'processtable', 'udpstorm'],
  Probe: ['ipsweep', 'nmap', 'portsweep', 'satan', 'mscan', 'saint'],
  R2L: [
    'ftp_write', 'guess_passwd', 'imap', 'multihop', 'phf', 'spy', 'warezclient', 'warezmaster', 'sendmail',
    'named', 'snmpgetattack', 'snmpguess', 'xlock', 'xsnoop', 'worm',
  ],
  U2R: ['buffer_overflow', 'loadmodule', 'perl', 'rootkit', 'httptunnel', 'ps', 'sqlattack', 'xterm'],
};

/** attack name (normalised) → category; includes `normal`. */
export const ATTACK_CATEGORY: ReadonlyMap<string, Category> = new Map<string, Category>([
  ['normal', 'normal'],
  ...Object.entries(CATEGORY_MEMBERS).flatMap(([cat, names]) => names.map((n) => [n, cat as Category] as const)),
]);

/** Every known label, `normal` first: the fixed part of a label vocabulary. */
export const KNOWN_LABELS: readonly string[] = [...ATTACK_CATEGORY.keys()];

/** `Smurf.` → `smurf`: trims, drops the KDD'99 trailing dot, lower-cases. */
export function normalizeLabel(raw: string): string {
  let s = raw.trim();
  if (s.endsWith('.')) s = s.slice(0, -1);
  return s.trim().toLowerCase();
}

/** The category of a raw label, or `unknown attack` for a name not in the map. */
export function categoryOfLabel(raw: string): LabelOutcome {
  return ATTACK_CATEGORY.get(normalizeLabel(raw)) ?? UNKNOWN_ATTACK;
}

export function isAttackCategory(c: string): c is AttackCategory {
  return (ATTACK_CATEGORIES as readonly string[]).includes(c);
}
