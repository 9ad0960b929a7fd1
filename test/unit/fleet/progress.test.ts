// A node's state from Slurm's job record and its campaign's progress, and fleet.json's version check.
import { describe, expect, it } from 'vitest';
import { nodeView, type CampaignProgress } from '../../../harness/fleet/progress.ts';
import { migrateFleet } from '../../../harness/fleet/schema.ts';
import type { SlurmJob } from '../../../harness/fleet/slurm.ts';

const job = (state: string, exitCode = '0:0'): SlurmJob => ({
  state,
  reason: 'None',
  exitCode,
  startTime: null,
  endTime: null,
});
const camp = (p: Partial<CampaignProgress>): CampaignProgress => ({
  state: 'running',
  recorded: 0,
  notOk: 0,
  planned: 8,
  imagesReady: 0,
  imagesNeeded: 2,
  ...p,
});

describe('nodeView', () => {
  it('follows a job from queued to building to run k/N to done', () => {
    expect(nodeView(undefined, null)).toEqual({ state: 'pending', detail: 'not submitted' });
    expect(nodeView({ ...job('PENDING'), reason: 'Resources' }, null)).toEqual({
      state: 'pending',
      detail: 'queued (Resources)',
    });
    expect(nodeView(job('RUNNING'), null).state).toBe('starting');
    expect(nodeView(job('RUNNING'), camp({ imagesReady: 1 }))).toEqual({ state: 'building', detail: 'images 1/2' });
    expect(nodeView(job('RUNNING'), camp({ imagesReady: 2, recorded: 3, notOk: 1 }))).toEqual({
      state: 'running',
      detail: 'run 3/8, 1 not ok',
    });
    expect(nodeView(job('COMPLETED'), camp({ state: 'complete', recorded: 8 }))).toEqual({
      state: 'done',
      detail: 'run 8/8',
    });
  });
  it('names a node drained while its job waits, with the drain reason; a busy or idle node leaves it queued', () => {
    const waiting = { ...job('PENDING'), reason: 'ReqNodeNotAvail,_UnavailableNodes:node2' };
    expect(nodeView(waiting, null, { state: 'drain', reason: 'disk swap' })).toEqual({
      state: 'drained',
      detail: 'node drained (disk swap) while the job waited (nothing recorded)',
      reason: 'disk swap',
    });
    expect(nodeView(waiting, camp({ recorded: 3 }), { state: 'drng', reason: null })).toEqual({
      state: 'drained',
      detail: 'node drained (no reason given) while the job waited (run 3/8 recorded)',
      reason: 'no reason given',
    });
    expect(nodeView(waiting, null, { state: 'alloc', reason: null }).state).toBe('pending');
    // A running job on a draining node goes on (Slurm lets it finish).
    expect(nodeView(job('RUNNING'), camp({ imagesReady: 2, recorded: 1 }), { state: 'drng', reason: 'x' }).state).toBe(
      'running',
    );
  });
  it('counts a complete campaign whose job exited 1 (some runs not ok) as done', () => {
    expect(nodeView(job('FAILED', '1:0'), camp({ state: 'complete', recorded: 8, notOk: 2 })).state).toBe('done');
  });
  it('names cancelled, timed-out, failed and purged jobs with what was recorded', () => {
    expect(nodeView(job('CANCELLED', '0:15'), camp({ recorded: 1 }))).toEqual({
      state: 'cancelled',
      detail: 'cancelled (run 1/8 recorded)',
    });
    expect(nodeView({ ...job('TIMEOUT', '0:15'), reason: 'TimeLimit' }, camp({ recorded: 2 }))).toEqual({
      state: 'timeout',
      detail: 'hit the time limit (TimeLimit; run 2/8 recorded)',
      reason: 'TimeLimit',
    });
    expect(nodeView(job('TIMEOUT'), null)).toEqual({
      state: 'timeout',
      detail: 'hit the time limit (TimeLimit; nothing recorded)',
    });
    expect(nodeView(job('NODE_FAIL', '0:9'), null)).toEqual({
      state: 'failed',
      detail: 'node_fail, exit 0:9 (nothing recorded)',
    });
    expect(nodeView(null, camp({ recorded: 2 })).detail).toBe('job no longer known to Slurm (run 2/8 recorded)');
    expect(nodeView(null, camp({ state: 'complete', recorded: 8 })).state).toBe('done');
  });
});

describe('migrateFleet', () => {
  it('refuses a newer fleet.json with the fix, and an invalid one naming the field', () => {
    expect(() => migrateFleet({ schemaVersion: 3 }, 'f/fleet.json')).toThrow(
      'f/fleet.json: schemaVersion 3 is newer than this harness (2)',
    );
    expect(() => migrateFleet({ schemaVersion: 1, id: 'x' }, 'f/fleet.json')).toThrow(
      /f\/fleet.json: not a valid fleet.json \(matrixFile: /,
    );
  });
  it('reads a version 1 fleet.json: no Slurm reason known yet', () => {
    const node = {
      name: 'node1',
      dir: 'node1',
      jobId: '7',
      previousJobIds: [],
      state: 'timeout',
      detail: 'hit the time limit (nothing recorded)',
      slurmState: 'TIMEOUT',
      exitCode: '0:15',
      startedAt: null,
      endedAt: null,
    };
    const v1 = {
      schemaVersion: 1,
      id: 'f',
      matrixFile: '/m.yaml',
      runArgs: [],
      partition: null,
      slurmArgs: [],
      baseline: 'node1',
      projectRoot: '/p',
      nodeBinary: '/usr/bin/node',
      createdAt: '2026-12-01T00:00:00.000Z',
      endedAt: null,
      state: 'failed',
      nodes: [node],
    };
    const f = migrateFleet(v1, 'f/fleet.json');
    expect(f.schemaVersion).toBe(2);
    expect(f.nodes).toEqual([{ ...node, slurmReason: null }]);
  });
});
