// What dispatch through Slurm added to a fleet: its span from creation to the last node's end, against the
// longest node campaign (the matrix's own time on its node).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Fleet } from './schema.ts';

/** A fleet's timing, in seconds. */
export interface FleetTiming {
  /** fleet.json createdAt to endedAt: node checks, sbatch, queue, start-up, the runs, polling. */
  spanSeconds: number;
  /** The longest node campaign, campaign.json startedAt to endedAt. */
  longestCampaignSeconds: number;
  /** The node of the longest campaign. */
  longestNode: string;
  /** spanSeconds - longestCampaignSeconds: what the fleet added around the matrix. */
  dispatchSeconds: number;
}

const seconds = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 1000;

/** The timing of an ended fleet whose node campaigns ended; null when the fleet or no campaign has ended. */
export function fleetTiming(
  fleet: Pick<Fleet, 'createdAt' | 'endedAt'>,
  campaigns: readonly { node: string; startedAt: string; endedAt: string | null }[],
): FleetTiming | null {
  if (fleet.endedAt === null) return null;
  const ended = campaigns
    .filter((c): c is { node: string; startedAt: string; endedAt: string } => c.endedAt !== null)
    .map((c) => ({ node: c.node, s: seconds(c.startedAt, c.endedAt) }))
    .filter((c) => Number.isFinite(c.s));
  if (ended.length === 0) return null;
  const longest = ended.reduce((a, b) => (b.s > a.s ? b : a));
  const span = seconds(fleet.createdAt, fleet.endedAt);
  return {
    spanSeconds: span,
    longestCampaignSeconds: longest.s,
    longestNode: longest.node,
    dispatchSeconds: span - longest.s,
  };
}

/** Reads the node campaigns' start and end; the timing of the fleet, or null (see fleetTiming). */
export async function readFleetTiming(dir: string, fleet: Fleet): Promise<FleetTiming | null> {
  const campaigns: { node: string; startedAt: string; endedAt: string | null }[] = [];
  for (const n of fleet.nodes) {
    try {
      const c = JSON.parse(await readFile(join(dir, n.dir, 'campaign.json'), 'utf8')) as {
        startedAt: string;
        endedAt: string | null;
      };
      campaigns.push({ node: n.name, startedAt: c.startedAt, endedAt: c.endedAt });
    } catch {
      // No campaign on this node (drained, failed before starting): it has no time to count.
    }
  }
  return fleetTiming(fleet, campaigns);
}

/** The closing note's words, e.g. `fleet 121.3 s from creation to the last node's end; ...`. */
export function timingWords(t: FleetTiming): string {
  return `timing: ${t.spanSeconds.toFixed(1)} s from the fleet's creation to its last node's end; longest node campaign ${t.longestCampaignSeconds.toFixed(1)} s (${t.longestNode}), so dispatch (node checks, sbatch, queue, start-up, polling) added ${t.dispatchSeconds.toFixed(1)} s`;
}
