/**
 * npm run evaluate-traffic -- [--models DIR]... [--data DIR] [--benign DIR] [--captures DIR] [--per-family N] [--json FILE]
 * How the models' verdicts hold on traffic other than NSL-KDD (issue #21), one column per model set:
 * KDDTest+ (binary accuracy, FPR, AUC, 5-class macro-F1); the held-out shared benign captures
 * (records flagged); the generated attack corpus at evaluation seeds the training never used
 * (attack records flagged, and flagged with the family's category; the background records of those
 * captures flagged); the real scan capture (captures/nmap_syn_scan.pcap: the scanner's records).
 * Test files are read only to report.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { loadModelsFromDir } from './lib/models-node';
import { DEFAULT_DATA_DIR, MODELS_DIR, REPO_ROOT, parseArgs } from './lib/read-file';
import { scoreFile } from './lib/score-file';
import { readRecords } from './lib/baseline-measurement';
import { evaluate } from '../src/lib/metrics/evaluation';
import { scoreBatch } from '../src/lib/scoring/pipeline';
import { CATEGORIES } from '../src/lib/schema/categories';
import { attackRates, benignFlagRate, benignSplit, evaluationCorpus, familyMean, flaggedShare, pooled } from './lib/traffic-evaluation';

const argv = process.argv.slice(2);
const { options } = parseArgs(argv);
// --models may be given several times: each is a column.
const modelDirs = argv.flatMap((a, i) => (a === '--models' && argv[i + 1] ? [resolve(argv[i + 1])] : []));
if (modelDirs.length === 0) modelDirs.push(MODELS_DIR);
const dataDir = resolve(options.get('data') ?? DEFAULT_DATA_DIR);
const capturesDir = resolve(options.get('captures') ?? join(REPO_ROOT, '../shared/captures'));
const perFamily = Number(options.get('per-family') ?? 3);

await initTfNode('wasm');
const { heldOut } = await benignSplit(options.get('benign'));
const corpus = await evaluationCorpus(perFamily);
const scan = await readRecords(new Uint8Array(readFileSync(join(capturesDir, 'nmap_syn_scan.pcap'))));
/** The scanner of nmap_syn_scan.pcap (its README): every record it is part of belongs to the scan. */
const SCANNER = '192.168.1.10';

type Column = Record<string, number>;
const columns: Column[] = [];
const perFamilyRows = new Map<string, string[]>();
for (const dir of modelDirs) {
  const bundle = await loadModelsFromDir(dir);
  const col: Column = {};
  const { summary, records } = await scoreFile(bundle, join(dataDir, 'KDDTest+.txt'));
  const m = bundle.manifest;
  const e = evaluate(records, summary.labelVocabulary, { stage1: m.stage1.threshold, isolationForest: m.isolationForest.threshold, hybrid: m.hybrid.threshold }, new Set());
  Object.assign(col, { 'KDDTest+ accuracy': e.stage1.accuracy, 'KDDTest+ FPR': e.stage1.falsePositiveRate, 'KDDTest+ AUC': e.stage1.auc, 'KDDTest+ macro-F1': e.fiveClass.macroF1 });

  const benign = await benignFlagRate(bundle, heldOut);
  col[`held-out benign captures (${heldOut.length}): records flagged`] = flaggedShare(benign);
  col['held-out benign captures: mean per capture'] = benign.perCapture.reduce((a, b) => a + b, 0) / benign.perCapture.length;

  const rates = await attackRates(bundle, corpus);
  const all = pooled(rates.values());
  col['generated attacks: records flagged'] = all.flagged / all.records;
  col['generated attacks: flagged and named right'] = all.named / all.records;
  col['generated attacks: family mean flagged'] = familyMean(rates.values(), (r) => r.flagged / r.records);
  col['generated attacks: family mean named right'] = familyMean(rates.values(), (r) => r.named / r.records);
  col['generated background (normal) flagged'] = flaggedShare(all.background);
  for (const [family, r] of rates) {
    const row = perFamilyRows.get(family) ?? [];
    row.push(`${pct(r.flagged / r.records)} / ${pct(r.named / r.records)}`);
    perFamilyRows.set(family, row);
  }

  const s = await scoreBatch(bundle, scan);
  let scanRecords = 0, scanFlagged = 0, scanProbe = 0;
  for (let i = 0; i < s.rowCount; i++) {
    if (scan.identity!.origH[i] !== SCANNER && scan.identity!.respH[i] !== SCANNER) continue;
    scanRecords++;
    scanFlagged += s.anomaly[i];
    if (s.anomaly[i] && CATEGORIES[s.category[i]] === 'Probe') scanProbe++;
  }
  col['nmap_syn_scan.pcap: flagged'] = scanFlagged / scanRecords;
  col['nmap_syn_scan.pcap: named Probe'] = scanProbe / scanRecords;
  columns.push(col);
  console.error(`scored ${dir}`);
}

function pct(v: number): string {
  return Number.isNaN(v) ? '–' : `${(100 * v).toFixed(1)} %`;
}
const fmt = (k: string, v: number) => (k.startsWith('KDDTest+') ? v.toFixed(4) : pct(v));
const header = `| measure | ${modelDirs.map((d) => d.replace(REPO_ROOT + '/', '')).join(' | ')} |\n|---|${modelDirs.map(() => '---:').join('|')}|`;
console.log(`Generated attacks: ${corpus.length} captures (${perFamily} per family, evaluation seeds); held-out benign: ${heldOut.map((c) => c.name).join(', ')}\n`);
console.log(header);
for (const k of Object.keys(columns[0])) console.log(`| ${k} | ${columns.map((c) => fmt(k, c[k])).join(' | ')} |`);
console.log(`\nPer family (attack records flagged / flagged and named right):\n\n${header}`);
for (const [family, row] of perFamilyRows) console.log(`| ${family} | ${row.join(' | ')} |`);
if (options.has('json')) writeFileSync(options.get('json')!, JSON.stringify({ models: modelDirs, columns, perFamily: Object.fromEntries(perFamilyRows) }, null, 2));
