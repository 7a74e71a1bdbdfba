/** What the page needs to know of a learned baseline, read from its manifest (null for any other version). */
import type { ModelManifest } from '../../src/lib/models/model-bundle';
import type { BaselineFigures } from '../../src/lib/training/learn-baseline';
import type { BaselineModelInfo } from '../../src/shared/analysis-api';

interface StoredBaseline {
  name?: unknown;
  sources?: unknown;
  records?: { total?: unknown };
  settings?: { targetFpr?: unknown };
}

export function baselineInfo(m: ModelManifest): BaselineModelInfo | null {
  const b = m.training.baseline as StoredBaseline | undefined;
  const figures = (m.validation.baseline as { after?: BaselineFigures } | undefined)?.after;
  if (!b || typeof b.name !== 'string' || !figures) return null;
  return {
    name: b.name,
    sources: Array.isArray(b.sources) ? b.sources.length : 0,
    records: typeof b.records?.total === 'number' ? b.records.total : 0,
    targetFpr: typeof b.settings?.targetFpr === 'number' ? b.settings.targetFpr : NaN,
    heldOutFpr: figures.stage1.falsePositiveRate,
  };
}
