// `run --campaign-dir DIR` (what a fleet's node jobs use): the campaign goes exactly there, never over another.
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCampaignDir } from '../../../harness/runner/campaign-dir.ts';

let tmp = '';
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'deploybench-cdir-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('createCampaignDir with a target folder', () => {
  it('creates the folder and its parents; the id is the folder name', async () => {
    const target = join(tmp, 'fleet', 'node2');
    expect(await createCampaignDir('paper-cpu', target)).toEqual({ dir: target, id: 'node2' });
    expect((await stat(target)).isDirectory()).toBe(true);
  });
  it('accepts an existing empty folder and refuses one with content, naming it and the fix', async () => {
    const target = join(tmp, 'node1');
    await mkdir(target);
    expect((await createCampaignDir('m', target)).id).toBe('node1');
    await writeFile(join(target, 'campaign.json'), '{}');
    await expect(createCampaignDir('m', target)).rejects.toThrow(
      /--campaign-dir .*node1: the folder exists and is not empty/,
    );
  });
});
