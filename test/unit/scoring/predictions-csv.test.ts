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
