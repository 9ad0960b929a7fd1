// A fleet's dispatch time: its span against its longest node campaign (times as fleet.json and campaign.json hold them).
import { describe, expect, it } from 'vitest';
import { fleetTiming, timingWords } from '../../../harness/fleet/timing.ts';

const fleet = { createdAt: '2026-12-02T01:45:00.000Z', endedAt: '2026-12-02T01:47:00.000Z' };

describe('fleetTiming', () => {
  it('takes the longest ended node campaign away from the fleet span', () => {
    const t = fleetTiming(fleet, [
      { node: 'node1', startedAt: '2026-12-02T01:45:02.000Z', endedAt: '2026-12-02T01:46:57.500Z' },
      { node: 'node2', startedAt: '2026-12-02T01:45:03.000Z', endedAt: '2026-12-02T01:46:00.000Z' },
      { node: 'node3', startedAt: '2026-12-02T01:45:03.000Z', endedAt: null },
    ])!;
    expect(t).toEqual({ spanSeconds: 120, longestCampaignSeconds: 115.5, longestNode: 'node1', dispatchSeconds: 4.5 });
    expect(timingWords(t)).toBe(
      "timing: 120.0 s from the fleet's creation to its last node's end; longest node campaign 115.5 s (node1), so dispatch (node checks, sbatch, queue, start-up, polling) added 4.5 s",
    );
  });
  it('is unknown while the fleet runs or when no node campaign ended', () => {
    expect(fleetTiming({ ...fleet, endedAt: null }, [])).toBeNull();
    expect(fleetTiming(fleet, [{ node: 'node1', startedAt: fleet.createdAt, endedAt: null }])).toBeNull();
  });
});
