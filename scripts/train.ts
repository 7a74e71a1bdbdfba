/**
 * npm run train -- [DATA_DIR] [--out models] [--epochs1 N] [--epochs2 N] [--seed N] [--rows N] [--target-fpr F] [--hard-normal-fpr F]
 * Trains every model on DATA_DIR/KDDTrain+.txt (and nothing else) and writes models/.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { initTfNode } from './lib/tf-node';
import { DEFAULT_DATA_DIR, MODELS_DIR, parseArgs, readCsvFile, sha256File } from './lib/read-file';
import { DEFAULT_TRAIN_CONFIG, trainModelSet, type TrainConfig } from '../src/lib/training/train-models';
import { selectRows } from '../src/lib/ingest/record-batch';
import { createRng, sampleWithoutReplacement } from '../src/lib/util/random';

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
const result = await trainModelSet({ batch: input, labelVocabulary: summary.labelVocabulary, sourceName: basename(trainFile), sourceSha256: sha256 }, config, log);
for (const [path, bytes] of result.files) {
  const target = join(outDir, path);
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, bytes);
}
log(`wrote ${result.files.size} files to ${outDir} (training ${result.manifest.training.seconds && JSON.stringify(result.manifest.training.seconds)})`);
