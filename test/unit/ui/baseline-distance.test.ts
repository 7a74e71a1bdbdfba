import { describe, expect, it } from 'vitest';
import type { ParseSummary } from '../../../src/lib/ingest/summary';
import type { ModelInfo } from '../../../src/shared/analysis-api';
import { baselineDistance } from '../../../src/ui/baseline-distance';

const summary = (over: Partial<ParseSummary> = {}): ParseSummary =>
  ({ format: 'csv', rowsAccepted: 100, unseenValues: [], ...over }) as ParseSummary;
const model = (baseline: ModelInfo['baseline'] = null, trainedOn = 'KDDTrain+.txt'): ModelInfo => ({ versionName: 'Pretrained', baseline, trainedOn }) as ModelInfo;
const lan = { name: 'lan', sources: 3, records: 400, targetFpr: 0.01, heldOutFpr: 0.01 };

describe('baselineDistance', () => {
  it('counts unseen protocol, service and flag values per column as shares of the records', () => {
    const d = baselineDistance(summary({ unseenValues: [
      { column: 'service', value: 'quic', count: 30, firstRow: 1 },
      { column: 'service', value: '(other unseen values)', count: 5, firstRow: 9, others: true },
      { column: 'label', value: 'x', count: 50, firstRow: 1 },
    ] }), 0, 100, model());
    expect(d.unseen).toEqual([{ column: 'protocol_type', share: 0 }, { column: 'service', share: 0.35 }, { column: 'flag', share: 0 }]);
  });

  it('is out of its depth on a capture with a set trained on NSL-KDD alone and no baseline, or when over a third is flagged', () => {
    const capture = summary({ format: 'pcap', capture: {} as ParseSummary['capture'] });
    expect(baselineDistance(capture, 0, 100, model()).outOfDepth).toBe('pretrained-on-capture');
    // The shipped set was trained on captures too.
    const shipped = baselineDistance(capture, 0, 100, model(null, 'KDDTrain+.txt + generated attack corpus (100 captures) + 45 shared benign captures'));
    expect(shipped.outOfDepth).toBeNull();
    expect(shipped.capturesKnownNotThisNetwork).toBe(true);
    expect(baselineDistance(capture, 0, 100, model()).capturesKnownNotThisNetwork).toBe(false);
    expect(baselineDistance(capture, 0, 100, model(lan)).outOfDepth).toBeNull();
    expect(baselineDistance(summary(), 34, 100, model(lan)).outOfDepth).toBe('most-flagged');
    expect(baselineDistance(summary(), 33, 100, model()).outOfDepth).toBeNull();
  });

  it('a file flagged mostly in a few incidents (the demo, a scan) is not out of depth: those are attacks', () => {
    // 60 of 100 flagged: three incidents hold 40 of them (≥ half), or forty of one record each do not.
    expect(baselineDistance(summary(), 60, 100, model(), [25, 10, 5, 1, 1]).outOfDepth).toBeNull();
    expect(baselineDistance(summary(), 60, 100, model(), Array.from({ length: 60 }, () => 1)).outOfDepth).toBe('most-flagged');
    expect(baselineDistance(summary(), 60, 100, model(), null).outOfDepth).toBe('most-flagged');
  });

  it('does not call a labelled file out of depth for what it flags: its labels judge the models', () => {
    expect(baselineDistance(summary({ hasLabels: true }), 45, 100, model()).outOfDepth).toBeNull();
    expect(baselineDistance(summary({ hasLabels: false }), 45, 100, model()).outOfDepth).toBe('most-flagged');
  });

  it('says traffic leaves a baseline when flagged far more than its held-out records', () => {
    expect(baselineDistance(summary(), 6, 100, model(lan)).leavesBaseline).toBe(true);
    expect(baselineDistance(summary(), 4, 100, model(lan)).leavesBaseline).toBe(false);
    expect(baselineDistance(summary(), 30, 100, model()).leavesBaseline).toBe(false);
  });
});
