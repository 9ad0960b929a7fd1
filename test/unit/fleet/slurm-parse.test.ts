// Parsers of Slurm's own output (real lines captured from slurm-wlm 22.05.8 on the test cluster) and the job script.
import { describe, expect, it } from 'vitest';
import { nodeRunArgs } from '../../../harness/cli/actions/fleet-run.ts';
import { parseJobLine, parseNodeStatus, parseSinfo } from '../../../harness/fleet/slurm.ts';
import { jobScript, shellQuote } from '../../../harness/fleet/submit.ts';
import type { Fleet } from '../../../harness/fleet/schema.ts';

const COMPLETED =
  'JobId=3 JobName=wrap UserId=root(0) GroupId=root(0) MCS_label=N/A Priority=4294901757 Nice=0 Account=(null) QOS=(null) JobState=COMPLETED Reason=None Dependency=(null) Requeue=1 Restarts=0 BatchFlag=1 Reboot=0 ExitCode=0:0 RunTime=00:00:02 TimeLimit=UNLIMITED TimeMin=N/A SubmitTime=2026-12-01T22:50:47 EligibleTime=2026-12-01T22:50:47 AccrueTime=2026-12-01T22:50:47 StartTime=2026-12-01T22:50:49 EndTime=2026-12-01T22:50:51 Deadline=N/A';

describe('parseJobLine', () => {
  it('reads state, reason, exit code and times of `scontrol show job -o`', () => {
    expect(parseJobLine(COMPLETED)).toEqual({
      state: 'COMPLETED',
      reason: 'None',
      exitCode: '0:0',
      startTime: '2026-12-01T22:50:49',
      endTime: '2026-12-01T22:50:51',
    });
  });
  it('leaves times unknown while a job is pending, and refuses a line without JobState', () => {
    const pending = COMPLETED.replace('JobState=COMPLETED Reason=None', 'JobState=PENDING Reason=Resources')
      .replace('StartTime=2026-12-01T22:50:49', 'StartTime=Unknown')
      .replace('EndTime=2026-12-01T22:50:51', 'EndTime=Unknown');
    expect(parseJobLine(pending)).toMatchObject({
      state: 'PENDING',
      reason: 'Resources',
      startTime: null,
      endTime: null,
    });
    expect(parseJobLine('slurm_load_jobs error: Invalid job id specified')).toBeNull();
  });
});

describe('parseSinfo', () => {
  it('splits node, partition (default marked *) and state', () => {
    expect(parseSinfo('node1 debug* idle\nnode2 debug* drain\nnode2 gpu alloc\n\n')).toEqual([
      { name: 'node1', partition: 'debug', isDefault: true, state: 'idle' },
      { name: 'node2', partition: 'debug', isDefault: true, state: 'drain' },
      { name: 'node2', partition: 'gpu', isDefault: false, state: 'alloc' },
    ]);
  });
});

describe('parseNodeStatus', () => {
  it("reads `sinfo -h -N -n NODE -o '%t|%E'`: state and the drain reason, spaces kept", () => {
    expect(parseNodeStatus('drain|disk swap on sda\n')).toEqual({ state: 'drain', reason: 'disk swap on sda' });
    expect(parseNodeStatus('idle|none\n')).toEqual({ state: 'idle', reason: null });
    expect(parseNodeStatus('mix|\n')).toEqual({ state: 'mix', reason: null });
    expect(parseNodeStatus('')).toBeNull();
  });
});

describe('job script', () => {
  it('quotes words a shell would split or expand', () => {
    expect(shellQuote('--reps')).toBe('--reps');
    expect(shellQuote("it's $HOME")).toBe(`'it'\\''s $HOME'`);
  });
  it('starts a new campaign into the node folder, or resumes it once campaign.json exists', () => {
    const fleet = {
      id: 'F',
      matrixFile: '/m/light.yaml',
      runArgs: ['--reps', '2', '--only', 'a*@container'],
      projectRoot: '/opt/deploybench',
      nodeBinary: '/usr/bin/node',
    } as unknown as Fleet;
    const s = jobScript(fleet, '/r/F', { name: 'node2', dir: 'node2' } as Fleet['nodes'][number]);
    expect(s).toContain('if [ -f /r/F/node2/campaign.json ]; then');
    expect(s).toContain(
      '  exec /usr/bin/node /opt/deploybench/harness/cli/bin.js run --resume /r/F/node2 --no-report\n',
    );
    expect(s).toContain(
      "exec /usr/bin/node /opt/deploybench/harness/cli/bin.js run /m/light.yaml --campaign-dir /r/F/node2 --no-report --reps 2 --only 'a*@container'\n",
    );
  });
});

describe('nodeRunArgs', () => {
  it('passes every run option a node campaign needs on to the node jobs', () => {
    const words = nodeRunArgs({
      matrix: 'm.yaml',
      reps: '2',
      'max-reps': '2',
      stacks: 'a,b',
      margin: '3',
      preset: 'tiny',
      'keep-failed': false,
      report: true,
      bail: true,
      slurm: true,
      detach: false,
    });
    expect(words).toEqual([
      '--reps',
      '2',
      '--stacks',
      'a,b',
      '--preset',
      'tiny',
      '--margin',
      '3',
      '--max-reps',
      '2',
      '--bail',
    ]);
  });
});
