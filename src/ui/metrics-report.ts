/** The "Export metrics" JSON: everything the page shows about a run, at the slider's threshold. */
import { CATEGORIES } from '../lib/schema/categories';
import type { ThresholdView } from '../lib/metrics/threshold-metrics';
import type { BackendName, Curves, ModelInfo, ParseSummary } from '../shared/analysis-api';

export function metricsReport(input: {
  view: ThresholdView;
  curves: Curves | null;
  model: ModelInfo | null;
  file: { name: string; size: number } | null;
  summary: ParseSummary | null;
  backend: BackendName | null;
  cancelled: boolean;
}) {
  const { view, curves, model, file, summary } = input;
  const detector = (key: 'stage1' | 'isolationForest' | 'hybrid') => ({ ...view[key], auc: curves ? curves[key].auc : null });
  return {
    format: 'traffic-anomaly-lab/metrics',
    version: 1,
    createdAt: new Date().toISOString(),
    file: file && { name: file.name, bytes: file.size, complete: !input.cancelled },
    rows: { read: summary?.rowsRead ?? null, scored: view.rows, rejected: summary?.rowsRejected ?? null, labelled: view.labelledRows },
    model: model && { createdAt: model.createdAt, trainedOn: model.trainedOn, defaultThresholds: model.thresholds },
    backend: input.backend,
    thresholds: view.thresholds,
    anomalies: view.anomalies,
    predictedCounts: Object.fromEntries(CATEGORIES.map((c, k) => [c, view.predictedCounts[k]])),
    stage1: detector('stage1'),
    isolationForest: detector('isolationForest'),
    hybrid: detector('hybrid'),
    fiveClass: {
      classes: CATEGORIES,
      accuracy: view.fiveClass.accuracy,
      macroF1: view.fiveClass.macroF1,
      precision: view.fiveClass.precision,
      recall: view.fiveClass.recall,
      f1: view.fiveClass.f1,
      confusion: view.fiveClass.confusion,
    },
    agreement: view.agreement,
    caughtByCategory: view.caughtByCategory,
  };
}
