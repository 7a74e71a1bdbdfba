/**
 * npm run train -- [DATA_DIR] [--out models] [--epochs1 N] [--epochs2 N] [--seed N] [--rows N] [--target-fpr F] [--hard-normal-fpr F]
 *                   [--kdd-only] [--benign DIR] [--without-groups scan,guessing,…] [--per-family N] [--corpus-fraction F]
 * Trains every model and writes models/ (the shipped models): on DATA_DIR/KDDTrain+.txt, the generated
 * attack corpus (src/lib/attack-corpus) and the training part of the shared benign captures (the
 * held-out part is never read here; see scripts/lib/traffic-evaluation.ts), issue #21. --kdd-only:
 * KDDTrain+ alone (the models shipped before); --traffic is the default, accepted for old commands;
 * --without-groups: attack families left out, to measure families never seen; --per-family:
 * generated captures per family; --corpus-fraction: a seeded share of the corpus records kept, so that
 * the corpus does not outweigh KDDTrain+ in the loss.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { DEFAULT_DATA_DIR, MODELS_DIR, parseArgs, readCsvFile, sha256File } from './lib/read-file';
import { DEFAULT_TRAIN_CONFIG, trainModelSet, type TrainConfig } from '../src/lib/training/train-models';
import { selectRows } from '../src/lib/ingest/record-batch';
import { createRng, sampleWithoutReplacement } from '../src/lib/util/random';
import { concatBatches, type RecordBatch } from '../src/lib/ingest/record-batch';
import { KNOWN_LABELS } from '../src/lib/schema/categories';
import { benignSplit, labelledNormal, trainingCorpus, BENIGN_OVERSAMPLE } from './lib/traffic-evaluation';

const NORMAL_LABEL = KNOWN_LABELS.indexOf('normal');
const { positional, options } = parseArgs(process.argv.slice(2));
const dataDir = resolve(positional[0] ?? DEFAULT_DATA_DIR);
const trainFile = join(dataDir, 'KDDTrain+.txt');
const outDir = resolve(options.get('out') ?? MODELS_DIR);
const config: TrainConfig = structuredClone(DEFAULT_TRAIN_CONFIG);
if (options.has('epochs1')) config.stage1.epochs = Number(options.get('epochs1'));
if (options.has('epochs2')) config.stage2.epochs = Number(options.get('epochs2'));
if (options.has('seed')) config.seed = Number(options.get('seed'));
if (options.has('target-fpr')) config.targetFpr = Number(options.get('target-fpr'));
if (options.has('hard-normal-fpr')) config.hardNormalFpr = Number(options.get('hard-normal-fpr'));
if (options.has('weights')) config.stage1.categoryWeights = options.get('weights') as TrainConfig['stage1']['categoryWeights'];

const tf = await initTfNode('wasm');
const t0 = performance.now();
const stamp = () => `[${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s]`;
const log = (line: string) => console.log(`${stamp()} ${line}`);
log(`tfjs ${tf.version.tfjs} on ${tf.getBackend()}; reading ${trainFile}`);
const [{ batch, summary }, sha256] = await Promise.all([readCsvFile(trainFile), sha256File(trainFile)]);
if (summary.rowsRejected > 0) log(`warning: ${summary.rowsRejected} rows rejected, e.g. row ${summary.rejects[0].row}: ${summary.rejects[0].reason}`);
// --rows N: a seeded sample, for quick experiments only (the shipped models use every row).
const rows = options.has('rows') ? Number(options.get('rows')) : batch.rowCount;
const input = rows < batch.rowCount ? selectRows(batch, sampleWithoutReplacement(batch.rowCount, rows, createRng(config.seed)).sort()) : batch;
let training = input;
let sourceName = basename(trainFile);
if (!options.has('kdd-only')) {
  const withoutGroups = (options.get('without-groups') ?? '').split(',').filter(Boolean);
  const perFamily = options.has('per-family') ? Number(options.get('per-family')) : undefined;
  const corpusFraction = Number(options.get('corpus-fraction') ?? 1);
  const rng = createRng(config.seed);
  const corpus = (await trainingCorpus(withoutGroups, perFamily)).map((c) => {
    if (corpusFraction >= 1) return c;
    const keep = sampleWithoutReplacement(c.batch.rowCount, Math.max(1, Math.round(c.batch.rowCount * corpusFraction)), rng).sort((a, b) => a - b);
    const batch = selectRows(c.batch, keep);
    return { ...c, batch, attackRows: batch.labels.filter((l) => l !== NORMAL_LABEL).length };
  });
  const { train: benign } = await benignSplit(options.get('benign'));
  // The benign captures are few records beside KDDTrain+ and the corpus: each is repeated so modern
  // normal traffic weighs in the loss (an oversampling, not new data).
  const benignBatches: RecordBatch[] = benign.flatMap((c) => Array.from({ length: BENIGN_OVERSAMPLE }, () => labelledNormal(c.batch)));
  const attackRows = corpus.reduce((n, c) => n + c.attackRows, 0);
  const corpusRows = corpus.reduce((n, c) => n + c.batch.rowCount, 0);
  log(`generated corpus: ${corpus.length} captures, ${corpusRows} records (${attackRows} attack)${withoutGroups.length ? `, without ${withoutGroups.join(', ')}` : ''}; benign captures: ${benign.length} (${benign.reduce((n, c) => n + c.batch.rowCount, 0)} records × ${BENIGN_OVERSAMPLE})`);
  training = concatBatches([input, ...corpus.map((c) => c.batch), ...benignBatches].map(({ identity: _, ...b }) => b));
  sourceName += ` + generated attack corpus (${corpus.length} captures${withoutGroups.length ? `, without ${withoutGroups.join(', ')}` : ''}) + ${benign.length} shared benign captures`;
}
const result = await trainModelSet({ batch: training, labelVocabulary: summary.labelVocabulary, sourceName, sourceSha256: sha256 }, config, log);
for (const [path, bytes] of result.files) {
  const target = join(outDir, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}
log(`wrote ${result.files.size} files to ${outDir} (training ${result.manifest.training.seconds && JSON.stringify(result.manifest.training.seconds)})`);
