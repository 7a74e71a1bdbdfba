/**
 * What `npm run predict` and `npm run extract` print on stderr after reading an input: rejects,
 * warnings, the accounting; each line after `prefix` (the input's name when there are several).
 */
import type { ParseSummary } from '../../src/lib/ingest';
import { cutShortText, timeWentBackText } from '../../src/lib/ingest/summary';
import { MAX_UNSEEN_VALUES } from '../../src/lib/features/vocabulary';

export function printSummary(summary: ParseSummary, prefix = ''): void {
  const say = (line: string) => console.error(prefix + line);
  for (const r of summary.rejects) say(`row ${r.row}: ${r.reason}`);
  if (summary.rowsRejected > summary.rejects.length) say(`… and ${summary.rowsRejected - summary.rejects.length} more rejected rows`);
  // JSON quoting: a value may hold a quote or a line break (a quoted CSV field), and stderr is read line by line.
  for (const u of summary.unseenValues) {
    const what = u.others ? `values beyond the first ${MAX_UNSEEN_VALUES} distinct ones` : `value ${JSON.stringify(u.value)}`;
    say(`warning: unseen ${u.column} ${what} in ${u.count} row${u.count === 1 ? '' : 's'} (first at row ${u.firstRow})`);
  }
  const c = summary.capture;
  if (c) {
    const skipped = c.skips.map((s) => `${s.count.toLocaleString('en-US')} ${s.reason}`).join(', ');
    say(
      `packets read ${c.packetsRead} = used ${c.packetsUsed} + skipped ${c.packetsSkipped}${skipped ? ` (${skipped})` : ''}${c.truncatedFile ? '; the file ends inside a packet record' : ''}`,
    );
    if (c.timeWentBack) say(`warning: ${timeWentBackText(c.timeWentBack)}`);
    if (c.cutShort) say(`warning: ${cutShortText(c.cutShort, c.packetsRead)}`);
    if (c.recordsCutByEnd > 0) say(`${c.recordsCutByEnd} record${c.recordsCutByEnd === 1 ? ' was' : 's were'} still open when the capture ended (flag = state then)`);
  }
  say(`rows read ${summary.rowsRead} = scored ${summary.rowsAccepted} + rejected ${summary.rowsRejected}`);
}
