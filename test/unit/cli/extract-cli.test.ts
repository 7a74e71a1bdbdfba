/**
 * `npm run extract` and `npm run predict` on real captures, as a user runs them (child processes):
 * the extract's header and the record ../shared/captures/README.md describes for http_vlan.pcap, the
 * same output from standard input, a CSV refused, and predictions on a capture equal to predictions on
 * its extracted CSV row for row; `predict - --out -` on the nmap scan from standard input with the
 * packet accounting on stderr. Seven spawns, two at a time.
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { syntheticRecords, toNslKddText } from '../../../scripts/lib/synthetic-records';

const root = resolve(import.meta.dirname, '../../..');
const capturesDir = resolve(root, '../shared/captures');
const haveCaptures = existsSync(resolve(capturesDir, 'README.md'));
const SKIP_MESSAGE = `${capturesDir} is missing: the CLI tests on real captures are skipped`;
if (!haveCaptures) console.warn(`extract-cli: ${SKIP_MESSAGE}`);
const dir = mkdtempSync(join(tmpdir(), 'tal-extract-'));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `tsx scripts/<script>.ts args…` in the repo root, standard input from `stdinFile` (else none). */
function cli(script: 'extract' | 'predict', args: string[], stdinFile?: string): Promise<Run> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `scripts/${script}.ts`, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout, stderr }));
    if (stdinFile === undefined) child.stdin.end();
    else createReadStream(stdinFile).pipe(child.stdin);
  });
}

const capture = (name: string) => resolve(capturesDir, name);
const lines = (text: string) => text.trimEnd().split('\n');

/** The header `npm run extract` writes: the 41 NSL-KDD features, then the identity. */
const EXTRACT_HEADER =
  'duration,protocol_type,service,flag,src_bytes,dst_bytes,land,wrong_fragment,urgent,hot,num_failed_logins,logged_in,' +
  'num_compromised,root_shell,su_attempted,num_root,num_file_creations,num_shells,num_access_files,num_outbound_cmds,' +
  'is_host_login,is_guest_login,count,srv_count,serror_rate,srv_serror_rate,rerror_rate,srv_rerror_rate,same_srv_rate,' +
  'diff_srv_rate,srv_diff_host_rate,dst_host_count,dst_host_srv_count,dst_host_same_srv_rate,dst_host_diff_srv_rate,' +
  'dst_host_same_src_port_rate,dst_host_srv_diff_host_rate,dst_host_serror_rate,dst_host_srv_serror_rate,' +
  'dst_host_rerror_rate,dst_host_srv_rerror_rate,ts,orig_h,orig_p,resp_h,resp_p';

/**
 * http_vlan.pcap's one record as the README gives it: tcp http SF, 136 / 5007 bytes, duration
 * ⌊0.211628⌋ = 0; logged_in 1 (an established connection in which the originator sent data, no login
 * step); content features 0; alone in every window: count 1, srv_count 1, same_srv_rate 1,
 * dst_host_count 1, dst_host_srv_count 1, dst_host_same_srv_rate 1, dst_host_same_src_port_rate 1,
 * every other rate 0.
 */
const HTTP_VLAN_LINE =
  '0,tcp,http,SF,136,5007,0,0,0,0,0,1,0,0,0,0,0,0,0,0,0,0,' + '1,1,0,0,0,0,1,0,0,' + '1,1,1,0,1,0,0,0,0,0,' + '1362692526.869344,141.142.228.5,59856,192.150.187.43,80';

describe.skipIf(!haveCaptures)(`npm run extract / predict on captures (${haveCaptures ? capturesDir : SKIP_MESSAGE})`, () => {
  const out = {
    vlan: join(dir, 'http_vlan.records.csv'),
    nmapRecords: join(dir, 'nmap.records.csv'),
    nmapPredictions: join(dir, 'nmap.predictions.csv'),
    nmapCsvPredictions: join(dir, 'nmap.records.predictions.csv'),
    refused: join(dir, 'refused.records.csv'),
  };
  const csvInput = join(dir, 'records.csv');
  let extractFile: Run;
  let extractStdin: Run;
  let extractCsv: Run;
  let extractNmap: Run;
  let predictCapture: Run;
  let predictCsv: Run;
  let predictStdin: Run;

  beforeAll(async () => {
    writeFileSync(csvInput, toNslKddText(syntheticRecords(5, 3)));
    // Two at a time (the machine has 2 cores); the CSV's predictions need the extract's output.
    [extractFile, extractStdin] = await Promise.all([
      cli('extract', [capture('http_vlan.pcap'), '--out', out.vlan]),
      cli('extract', ['-', '--out', '-'], capture('http_vlan.pcap')),
    ]);
    [extractCsv, extractNmap] = await Promise.all([cli('extract', [csvInput, '--out', out.refused]), cli('extract', [capture('nmap_syn_scan.pcap'), '--out', out.nmapRecords])]);
    [predictCapture, predictCsv] = await Promise.all([
      cli('predict', [capture('nmap_syn_scan.pcap'), '--out', out.nmapPredictions]),
      cli('predict', [out.nmapRecords, '--out', out.nmapCsvPredictions]),
    ]);
    predictStdin = await cli('predict', ['-', '--out', '-'], capture('nmap_syn_scan.pcap'));
  }, 120_000);

  it('extract http_vlan.pcap --out FILE: the header, then the one record the README describes', () => {
    expect(extractFile.code, extractFile.stderr).toBe(0);
    expect(readFileSync(out.vlan, 'utf8')).toBe(`${EXTRACT_HEADER}\n${HTTP_VLAN_LINE}\n`);
    expect(lines(extractFile.stderr)).toEqual(['packets read 14 = used 14 + skipped 0', 'rows read 1 = scored 1 + rejected 0']);
  });

  it('extract - --out -: the capture from standard input gives the same output on standard output', () => {
    expect(extractStdin.code, extractStdin.stderr).toBe(0);
    expect(extractStdin.stdout).toBe(readFileSync(out.vlan, 'utf8'));
    expect(extractStdin.stderr).toBe(extractFile.stderr);
  });

  it('extract refuses a CSV of records with exit code 1, a message, and no output file', () => {
    expect(extractCsv.code).toBe(1);
    expect(extractCsv.stderr).toMatch(/^error: \S*records\.csv: This is not a capture or a Zeek conn\.log/m);
    expect(extractCsv.stderr).toMatch(/npm run predict/);
    expect(existsSync(out.refused)).toBe(false);
  });

  it('predict on nmap_syn_scan.pcap and on its extracted CSV: the same predictions row for row; the capture adds the identity', () => {
    expect(extractNmap.code, extractNmap.stderr).toBe(0);
    expect(predictCapture.code, predictCapture.stderr).toBe(0);
    expect(predictCsv.code, predictCsv.stderr).toBe(0);
    const records = lines(readFileSync(out.nmapRecords, 'utf8'));
    const fromCapture = lines(readFileSync(out.nmapPredictions, 'utf8'));
    const fromCsv = lines(readFileSync(out.nmapCsvPredictions, 'utf8'));
    expect(records).toHaveLength(1 + 1005);
    expect(fromCapture[0]).toBe('row,anomaly,score,category,category_score,if_score,ts,orig_h,orig_p,resp_h,resp_p');
    expect(fromCsv[0]).toBe('row,anomaly,score,category,category_score,if_score');
    expect(fromCapture).toHaveLength(1 + 1005);
    expect(fromCsv).toHaveLength(1 + 1005);
    for (let i = 1; i <= 1005; i++) {
      const a = fromCapture[i].split(',');
      const b = fromCsv[i].split(',');
      expect(a.slice(0, 6), `row ${i}`).toEqual(b);
      expect(a[0]).toBe(String(i));
      // The identity columns are the extract's, row for row.
      expect(a.slice(6), `row ${i}`).toEqual(records[i].split(',').slice(41));
    }
    // The CSV of records read as a CSV: 1,005 rows, no packets.
    expect(predictCsv.stderr).toMatch(/rows read 1005 = scored 1005 \+ rejected 0/);
    expect(predictCsv.stderr).not.toMatch(/packets read/);
  });

  it('predict - --out - on nmap_syn_scan.pcap from standard input: 1,005 rows, the packet accounting on stderr', () => {
    expect(predictStdin.code, predictStdin.stderr).toBe(0);
    const rows = lines(predictStdin.stdout);
    expect(rows[0]).toBe('row,anomaly,score,category,category_score,if_score,ts,orig_h,orig_p,resp_h,resp_p');
    expect(rows).toHaveLength(1 + 1005);
    expect(rows.slice(1).map((l) => Number(l.split(',')[0]))).toEqual(Array.from({ length: 1005 }, (_, i) => i + 1));
    const err = lines(predictStdin.stderr);
    expect(err).toContain('packets read 2020 = used 2011 + skipped 9 (9 not IP (ARP))');
    expect(err).toContain('rows read 1005 = scored 1005 + rejected 0');
    // Scored as live batches, the same predictions as from the file.
    expect(predictStdin.stdout).toBe(readFileSync(out.nmapPredictions, 'utf8'));
    expect(predictCapture.stderr).toBe(predictStdin.stderr);
  });
});
