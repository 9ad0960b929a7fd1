import { describe, expect, it } from 'vitest';
import { runStatus } from '../../../harness/executors/supervise.ts';

describe('runStatus: a job asked to stop is recorded by how it ended', () => {
  const exit = (
    exitCode: number | null,
    signal: string | null = null,
  ): { exitCode: number | null; signal: string | null } => ({ exitCode, signal });

  it('a job that exits 0 by itself during the grace period is ok, after Ctrl-C or a timeout', () => {
    expect(runStatus(exit(0), 'interrupted', false)).toBe('ok');
    expect(runStatus(exit(0), 'timeout', false)).toBe('ok');
  });

  it('a job that exits with its own non-zero code during the grace period is failed', () => {
    expect(runStatus(exit(3), 'interrupted', false)).toBe('failed');
    expect(runStatus(exit(128), 'timeout', false)).toBe('failed');
  });

  it('a job ended by the stop (a signal, or 128+N as Docker reports it) keeps the reason', () => {
    expect(runStatus(exit(null, 'SIGTERM'), 'interrupted', false)).toBe('interrupted');
    expect(runStatus(exit(null, 'SIGKILL'), 'timeout', false)).toBe('timeout');
    expect(runStatus(exit(143), 'interrupted', false)).toBe('interrupted');
  });

  it('without a stop: ok, failed, oom, and a start error is failed', () => {
    expect(runStatus(exit(0), null, false)).toBe('ok');
    expect(runStatus(exit(1), null, false)).toBe('failed');
    expect(runStatus(exit(null, 'SIGKILL'), null, true)).toBe('oom');
    expect(runStatus({ ...exit(null), oomKilled: true }, null, false)).toBe('oom');
    expect(runStatus({ ...exit(null), startError: 'ENOENT' }, 'interrupted', false)).toBe('failed');
  });
});
