// The same byte count reads the same in the run's progress line, the report (HTML tables and Markdown) and the
// diff (text and Markdown): issue 12 saw "peak 250 MB" in the progress for what the report called 262 MB.
import { describe, expect, it } from 'vitest';
import { buildDiff } from '../../../harness/diff/build.ts';
import { formatDiff } from '../../../harness/diff/format/index.ts';
import { renderMarkdown } from '../../../harness/report/markdown.ts';
import { buildReportModel } from '../../../harness/report/model.ts';
import { describeRun } from '../../../harness/runner/reporter.ts';
import { makeCampaign, makeHost, makeRecord, makeSide } from '../diff/fixtures.ts';

const BYTES = 262_144_000; // 250 MiB, 262 MB
const records = (wall: number) =>
  ['container', 'bare-metal'].flatMap((deployment) =>
    [1, 2, 3].map((rep) =>
      makeRecord({
        stack: 'torch-2.6',
        deployment: deployment as 'container' | 'bare-metal',
        rep,
        wallSeconds: wall + rep / 10,
        peakBytes: BYTES,
      }),
    ),
  );

describe('one bytes string everywhere', () => {
  it('prints 262 144 000 bytes as "250 MiB" in the progress line, the report and the diff', () => {
    const recs = records(10);
    const progress = describeRun(recs[0]!);
    const report = renderMarkdown(
      buildReportModel([
        {
          dir: 'a',
          campaign: makeCampaign('a', makeHost({ hostname: 'lab' }), recs),
          runs: recs.map((record) => ({ record, series: null })),
        },
      ]),
    );
    const d = buildDiff(
      makeSide('A', recs, makeHost({ hostname: 'lab' })),
      makeSide('B', records(15), makeHost({ hostname: 'lab' })),
    );
    const outputs = { progress, report, diffText: formatDiff(d, 'text'), diffMarkdown: formatDiff(d, 'markdown') };
    for (const [name, text] of Object.entries(outputs)) {
      expect(text, name).toContain('250 MiB');
      expect(text, name).not.toMatch(/\b(250|262)(\.\d+)? MB\b/);
    }
    expect(progress).toContain('peak 250 MiB');
    expect(report).toContain('Private peak RAM (MiB)');
  });
});
