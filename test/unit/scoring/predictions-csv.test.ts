import { describe, expect, it } from 'vitest';
import { originalCsvField } from '../../../src/lib/scoring/predictions-csv';

describe('originalCsvField', () => {
  it('leaves ordinary values alone, numbers with a sign included', () => {
    for (const v of ['0', '491', '0.17', 'tcp', 'ftp_data', 'SF', 'normal', '-0', '+1', '-7.5', '']) expect(originalCsvField(v)).toBe(v);
  });

  it('quotes a field holding a comma, a quote or a line break (RFC 4180)', () => {
    expect(originalCsvField('a,b')).toBe('"a,b"');
    expect(originalCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(originalCsvField('ht\ntp')).toBe('"ht\ntp"');
  });

  it('defuses values a spreadsheet would run as formulas', () => {
    expect(originalCsvField('=1+1')).toBe("'=1+1");
    expect(originalCsvField('+cmd')).toBe("'+cmd");
    expect(originalCsvField('-2+3+cmd')).toBe("'-2+3+cmd");
    expect(originalCsvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(originalCsvField('\t=x')).toBe("'\t=x");
    expect(originalCsvField('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
  });
});

describe('predictionsCsvParts with the original columns', () => {
  it('appends the original fields, but not the identity columns the header already has (a capture record)', async () => {
    const { predictionsCsvParts } = await import('../../../src/lib/scoring/predictions-export');
    const { allocateIdentity } = await import('../../../src/lib/ingest/record-identity');
    const identity = allocateIdentity(2);
    ['10.0.0.1', '10.0.0.2'].forEach((h, i) => {
      identity.ts[i] = 1700000000 + i;
      identity.origH[i] = h;
      identity.origP[i] = 40000 + i;
      identity.respH[i] = '10.0.0.9';
      identity.respP[i] = 80;
    });
    const scores = {
      rowCount: 2,
      rowNumbers: Uint32Array.of(1, 2),
      score: Float32Array.of(0.1, 0.9),
      stage2Category: Uint8Array.of(0, 1),
      stage2Score: Float32Array.of(0, 0.8),
      ifScore: Float32Array.of(0.4, 0.6),
      hybridScore: Float32Array.of(0.1, 0.9),
    };
    const columns = ['duration', 'protocol_type', 'ts', 'orig_h', 'orig_p', 'resp_h', 'resp_p'];
    const original = [
      ['0', 'tcp', '1700000000.000000', '10.0.0.1', '40000', '10.0.0.9', '80'],
      ['3', 'udp', '1700000001.000000', '10.0.0.2', '40001', '10.0.0.9', '80'],
    ];
    const forEach = async (onRecord: (row: number, fields: string[]) => boolean) => {
      for (const [i, fields] of original.entries()) if (!onRecord(i + 1, fields)) break;
      return { columns };
    };
    const csv = (await predictionsCsvParts(scores as never, 0.5, identity, forEach)).join('');
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe('row,anomaly,score,category,category_score,if_score,ts,orig_h,orig_p,resp_h,resp_p,duration,protocol_type');
    expect(lines[1].split(',').slice(-2)).toEqual(['0', 'tcp']);
    expect(lines[2].split(',').slice(-2)).toEqual(['3', 'udp']);
    expect(lines[2].split(',').slice(0, 2)).toEqual(['2', '1']);
  });
});
