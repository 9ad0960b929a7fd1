// How runCampaign passes errors on (issue 14 item 3), in-process with fake executors: a HarnessError and a
// programmer error come out as they are; anything else is wrapped once, with the original kept as cause.
import { describe, expect, it, vi } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.ts';
import { displayPath } from '../../../harness/core/paths.ts';
import type { ExecutorFactory } from '../../../harness/runner/run.ts';
import { fakeExecutors } from '../../helpers/fake-executor.ts';
import {
  C,
  freshResults,
  isolateFromHost,
  onlyCampaign,
  readBack,
  runFake,
  writeMatrix,
} from '../../helpers/fake-campaign.ts';

vi.mock('../../../harness/sampling/cgroup-stale.ts', () => ({
  cleanupStaleCgroups: () => Promise.resolve({ removed: [], kept: [] }),
}));
isolateFromHost();

// Fake executors of which scenario C's prepare() throws `error` (as a real executor's set-up can).
function prepareThrows(error: Error): ExecutorFactory {
  const fake = fakeExecutors();
  return (deployment, image, info) => {
    const ex = fake.factory(deployment, image, info);
    if (`${image?.stack}@${deployment}` === C) ex.prepare = () => Promise.reject(error);
    return ex;
  };
}

async function failWith(error: Error): Promise<{ thrown: unknown; dir: string }> {
  const results = await freshResults();
  const matrixFile = await writeMatrix('repetitions: 1\nwarmup: 0');
  const { error: thrown } = await runFake({ matrixFile, executorFactory: prepareThrows(error) });
  return { thrown, dir: await onlyCampaign(results) };
}

describe('runCampaign errors', () => {
  it('wraps an unknown error once as E_CAMPAIGN_STOPPED, the original as cause, the fix naming --resume of this campaign', async () => {
    const original = Object.assign(new Error('EIO: i/o error, mkdir /var/cache/deploybench/x'), { code: 'EIO' });
    const { thrown, dir } = await failWith(original);
    expect(thrown).toBeInstanceOf(HarnessError);
    const e = thrown as HarnessError;
    expect(e.code).toBe('E_CAMPAIGN_STOPPED');
    expect(e.message).toBe(`campaign ${displayPath(dir)} stopped: EIO: i/o error, mkdir /var/cache/deploybench/x`);
    expect(e.fix).toBe(`fix the cause, then \`deploybench run --resume ${displayPath(dir)}\` keeps what is recorded`);
    expect(e.cause).toBe(original);
    expect((await readBack(dir)).campaign.state).toBe('failed');
  });

  it('passes a HarnessError on as it is: its own code, fix and cause', async () => {
    const known = new HarnessError('E_DOCKER_UNAVAILABLE', 'the Docker engine does not answer', { fix: 'start it' });
    const { thrown } = await failWith(known);
    expect(thrown).toBe(known);
  });

  it('passes a programmer error (TypeError) on as it is, so the CLI prints it as a bug with its stack', async () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'tag')");
    const { thrown } = await failWith(bug);
    expect(thrown).toBe(bug);
  });
});
