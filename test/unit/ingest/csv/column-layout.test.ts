import { describe, it, expect } from 'vitest';
import { FileFormatError, looksLikeHeader, resolveColumnLayout } from '../../../../src/lib/ingest/csv/column-layout.ts';
import { FEATURES } from '../../../../src/lib/schema/schema.ts';
import { createRng } from '../../../../src/lib/util/random';

const NAMES = FEATURES.map((f) => f.name);

/** First data line of KDDTrain+.txt (43 fields). */
const KDD_ROW =
  '0,tcp,ftp_data,SF,491,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,0.00,0.00,0.00,0.00,1.00,0.00,0.00,150,25,0.17,0.03,0.17,0.00,0.00,0.00,0.05,0.00,normal,20'.split(
    ',',
  );

function shuffled<T>(xs: readonly T[], seed: number): T[] {
  const rnd = createRng(seed);
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function expectFormatError(fn: () => unknown): FileFormatError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FileFormatError);
    expect((error as Error).name).toBe('FileFormatError');
    return error as FileFormatError;
  }
  throw new Error('expected a FileFormatError, none was thrown');
}

describe('resolveColumnLayout with a header', () => {
  it('maps each feature to its field in a header of the schema order', () => {
    const layout = resolveColumnLayout([...NAMES, 'label', 'difficulty']);
    expect(layout.hasHeader).toBe(true);
    expect(layout.fieldCount).toBe(43);
    expect([...layout.featureFields]).toEqual(NAMES.map((_, i) => i));
    expect(layout.labelField).toBe(41);
    expect(layout.difficultyField).toBe(42);
    expect(layout.ignoredColumns).toEqual([]);
  });

  it('maps features to the right fields when the header is shuffled', () => {
    const header = shuffled([...NAMES, 'label', 'difficulty'], 7);
    expect(header).not.toEqual([...NAMES, 'label', 'difficulty']);
    const layout = resolveColumnLayout(header);
    expect(layout.hasHeader).toBe(true);
    expect(layout.fieldCount).toBe(43);
    NAMES.forEach((name, feature) => expect(header[layout.featureFields[feature]]).toBe(name));
    expect(header[layout.labelField]).toBe('label');
    expect(header[layout.difficultyField]).toBe('difficulty');
    expect(layout.columns).toEqual(header);
  });

  it('uses an explicit small reordering: field indices worked out by hand', () => {
    // Swap duration (0) with dst_host_srv_rerror_rate (40), put label first.
    const header = ['label', 'dst_host_srv_rerror_rate', ...NAMES.slice(1, 40), 'duration'];
    const layout = resolveColumnLayout(header);
    expect(layout.labelField).toBe(0);
    expect(layout.difficultyField).toBe(-1);
    expect(layout.featureFields[0]).toBe(41); // duration
    expect(layout.featureFields[1]).toBe(2); // protocol_type
    expect(layout.featureFields[40]).toBe(1); // dst_host_srv_rerror_rate
    expect(layout.fieldCount).toBe(42);
  });

  it('matches names case-insensitively, trimming spaces and treating spaces/hyphens as underscores', () => {
    const header = NAMES.map((n, i) => (i % 3 === 0 ? n.toUpperCase() : i % 3 === 1 ? ` ${n} ` : n));
    header[4] = 'Src Bytes';
    header[5] = 'dst-bytes';
    const layout = resolveColumnLayout(header);
    expect([...layout.featureFields]).toEqual(NAMES.map((_, i) => i));
    expect(layout.columns[1]).toBe('protocol_type'); // trimmed
    expect(layout.columns[0]).toBe('DURATION');
  });

  it('strips a byte-order mark from the first header name', () => {
    const header = ['\uFEFFduration', ...NAMES.slice(1), 'label'];
    const layout = resolveColumnLayout(header);
    expect(layout.hasHeader).toBe(true);
    expect(layout.featureFields[0]).toBe(0);
    expect(layout.columns[0]).toBe('duration');
    expect(layout.ignoredColumns).toEqual([]);
  });

  it('ignores extra columns and reports them (unnamed ones by position)', () => {
    const header = ['id', ...NAMES.slice(0, 10), 'Comment ', ...NAMES.slice(10), '', 'label'];
    const layout = resolveColumnLayout(header);
    expect(layout.fieldCount).toBe(45);
    expect(layout.ignoredColumns).toEqual(['id', 'Comment', '(unnamed column 44)']);
    expect(layout.featureFields[0]).toBe(1);
    expect(layout.featureFields[9]).toBe(10);
    expect(layout.featureFields[10]).toBe(12);
    expect(layout.featureFields[40]).toBe(42);
    expect(layout.labelField).toBe(44);
  });

  it.each(['label', 'Label', 'class', 'CLASS', 'attack', 'attack_type', 'Attack Type', 'labels'])(
    'accepts %j as the label column',
    (alias) => {
      const layout = resolveColumnLayout([...NAMES, alias]);
      expect(layout.labelField).toBe(41);
      expect(layout.ignoredColumns).toEqual([]);
    },
  );

  it.each(['difficulty', 'Difficulty', 'difficulty_level', 'Difficulty Level', 'level'])(
    'accepts %j as the difficulty column',
    (alias) => {
      const layout = resolveColumnLayout([...NAMES, 'label', alias]);
      expect(layout.difficultyField).toBe(42);
      expect(layout.ignoredColumns).toEqual([]);
    },
  );

  it('has no label or difficulty field when the header names neither', () => {
    const layout = resolveColumnLayout([...NAMES]);
    expect(layout.labelField).toBe(-1);
    expect(layout.difficultyField).toBe(-1);
    expect(layout.fieldCount).toBe(41);
  });

  it('names exactly the one missing column', () => {
    const header = NAMES.filter((n) => n !== 'src_bytes');
    const error = expectFormatError(() => resolveColumnLayout(header));
    expect(error.message).toBe('The header is missing 1 required column: src_bytes.');
  });

  it('names exactly the missing columns, in schema order', () => {
    const header = NAMES.filter((n) => !['flag', 'count', 'duration'].includes(n)).reverse();
    const error = expectFormatError(() => resolveColumnLayout([...header, 'label']));
    expect(error.message).toBe('The header is missing 3 required columns: duration, flag, count.');
    expect(error.message).not.toContain('src_bytes');
    expect(error.message).not.toContain('label');
  });

  it('treats a header naming only a label and a difficulty as missing all 41 features', () => {
    const error = expectFormatError(() => resolveColumnLayout(['label', 'x', 'difficulty']));
    expect(error.message).toContain('missing 41 required columns');
    expect(error.message).toContain('duration, protocol_type, service, flag');
  });

  it('rejects a header that names a feature twice', () => {
    const error = expectFormatError(() => resolveColumnLayout([...NAMES, 'label', 'SERVICE']));
    expect(error.message).toBe('The header names a column more than once: SERVICE.');
  });

  it('rejects a header with two label columns or two difficulty columns', () => {
    expect(expectFormatError(() => resolveColumnLayout([...NAMES, 'label', 'class'])).message).toContain('class');
    expect(expectFormatError(() => resolveColumnLayout([...NAMES, 'level', 'difficulty'])).message).toContain(
      'more than once: difficulty',
    );
  });
});

describe('resolveColumnLayout without a header', () => {
  it('reads a 41-field row as features only', () => {
    const layout = resolveColumnLayout(KDD_ROW.slice(0, 41));
    expect(layout.hasHeader).toBe(false);
    expect(layout.fieldCount).toBe(41);
    expect([...layout.featureFields]).toEqual(NAMES.map((_, i) => i));
    expect(layout.labelField).toBe(-1);
    expect(layout.difficultyField).toBe(-1);
    expect(layout.columns).toEqual(NAMES);
    expect(layout.ignoredColumns).toEqual([]);
  });

  it('reads a 42-field row as features + label', () => {
    const layout = resolveColumnLayout(KDD_ROW.slice(0, 42));
    expect(layout.hasHeader).toBe(false);
    expect(layout.fieldCount).toBe(42);
    expect(layout.labelField).toBe(41);
    expect(layout.difficultyField).toBe(-1);
    expect(layout.columns).toEqual([...NAMES, 'label']);
  });

  it('reads a 43-field row as features + label + difficulty', () => {
    const layout = resolveColumnLayout(KDD_ROW);
    expect(layout.hasHeader).toBe(false);
    expect(layout.fieldCount).toBe(43);
    expect(layout.labelField).toBe(41);
    expect(layout.difficultyField).toBe(42);
    expect(layout.columns).toEqual([...NAMES, 'label', 'difficulty']);
  });

  it("reads a KDD'99 row with a dotted label as headerless", () => {
    const row = [...KDD_ROW.slice(0, 41), 'smurf.'];
    expect(resolveColumnLayout(row).hasHeader).toBe(false);
  });

  it('reads a first record with a BOM before its first field as headerless', () => {
    const layout = resolveColumnLayout(['\uFEFF0', ...KDD_ROW.slice(1)]);
    expect(layout.hasHeader).toBe(false);
    expect(layout.fieldCount).toBe(43);
  });

  it('reads a first record whose label is the attack "land" as data, not as a header', () => {
    // "land" is both a feature name and an attack name (18 rows of KDDTrain+, e.g. this one).
    const landRow =
      '0,tcp,finger,S0,0,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1.00,1.00,0.00,0.00,1.00,0.00,0.00,1,8,1.00,0.00,1.00,0.38,1.00,0.12,0.00,0.00,land,14'.split(
        ',',
      );
    const layout = resolveColumnLayout(landRow);
    expect(layout.hasHeader).toBe(false);
    expect(layout.fieldCount).toBe(43);
    expect(layout.labelField).toBe(41);
  });

  it.each([40, 44, 1, 10])('rejects a headerless first row of %i fields with a clear message', (n) => {
    const fields = Array.from({ length: n }, (_, i) => KDD_ROW[i % 41]);
    const error = expectFormatError(() => resolveColumnLayout(fields));
    expect(error.message).toContain(`the first row has ${n} field${n === 1 ? '' : 's'} and no header`);
    expect(error.message).toContain('41, 42 (with label) or 43 (with label and difficulty)');
  });
});

describe('looksLikeHeader', () => {
  it('is true when at least two fields name a feature, label or difficulty column', () => {
    expect(looksLikeHeader(['foo', 'SRC_BYTES', 'duration'])).toBe(true);
    expect(looksLikeHeader(['foo', 'class', 'difficulty_level'])).toBe(true);
  });

  it('is false for one name alone (a headerless "land" record names the land feature once)', () => {
    expect(looksLikeHeader(['foo', 'SRC_BYTES'])).toBe(false);
    expect(looksLikeHeader(['difficulty_level'])).toBe(false);
  });

  it('is false for a data row of values', () => {
    expect(looksLikeHeader(KDD_ROW)).toBe(false);
    expect(looksLikeHeader(['1', 'udp', 'private', 'REJ'])).toBe(false);
  });
});

describe('resolveColumnLayout with another delimiter than the comma', () => {
  const message = (name: string) =>
    `The fields are separated by ${name}, not commas. Traffic Anomaly Lab reads comma-separated files: save the file as CSV with commas and choose it again.`;

  it('names semicolons, tabs and vertical bars, with or without a header', () => {
    expect(() => resolveColumnLayout([NAMES.join(';')])).toThrow(new FileFormatError(message('semicolons (;)')));
    expect(() => resolveColumnLayout([KDD_ROW.join('\t')])).toThrow(new FileFormatError(message('tabs')));
    expect(() => resolveColumnLayout([KDD_ROW.join('|')])).toThrow(new FileFormatError(message('vertical bars (|)')));
  });

  it('names the delimiter when a semicolon row also holds decimal commas (split into a few comma fields)', () => {
    const european = KDD_ROW.map((v) => v.replace('.', ',')).join(';');
    expect(() => resolveColumnLayout(european.split(','))).toThrow(new FileFormatError(message('semicolons (;)')));
  });

  it('keeps the field-count message for a short comma row with no other delimiter', () => {
    expect(() => resolveColumnLayout(['0', 'tcp', 'http'])).toThrow(/the first row has 3 fields and no header/);
  });
});
