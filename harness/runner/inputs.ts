import { HarnessError } from '../core/errors.ts';
import type { Matrix } from '../matrix/schema.ts';
import { isUserWorkload } from '../matrix/workload.ts';
import type { Campaign } from '../results/campaign.ts';
import { hashTree } from '../results/tree-hash.ts';

type Inputs = NonNullable<Campaign['inputs']>;

/** Hashes a user workload's code and data folders (null for the reference workload). */
export async function hashInputs(matrix: Matrix, info: (line: string) => void): Promise<Inputs | undefined> {
  const w = matrix.workload;
  if (!isUserWorkload(w)) return undefined;
  info(`hashing ${w.code}${w.data ? ` and ${w.data}` : ''} (the same bytes must reach every run)`);
  return { code: await hashTree(w.code), data: w.data ? await hashTree(w.data) : null, unchangedAtEnd: null };
}

const same = (a: Inputs, b: Inputs): boolean => a.code?.sha256 === b.code?.sha256 && a.data?.sha256 === b.data?.sha256;

/** At resume: the folders must still hold the bytes the campaign started with, or its runs would not be comparable. */
export async function checkInputsAtResume(
  campaign: Campaign,
  matrix: Matrix,
  info: (line: string) => void,
): Promise<void> {
  if (!campaign.inputs) return;
  const now = await hashInputs(matrix, info);
  if (now && !same(now, campaign.inputs)) {
    throw new HarnessError(
      'E_INPUTS_CHANGED',
      `the workload's code or data folder changed since campaign ${campaign.id} started (code sha256 ${campaign.inputs.code?.sha256.slice(0, 12) ?? '-'} -> ${now.code?.sha256.slice(0, 12) ?? '-'}, data ${campaign.inputs.data?.sha256.slice(0, 12) ?? '-'} -> ${now.data?.sha256.slice(0, 12) ?? '-'}); runs of two versions would be compared as one`,
      { fix: 'restore the folders as they were, or start a new campaign with `deploybench run MATRIX`' },
    );
  }
}

/** At the end: hashes again and records whether every run saw the same bytes; a warning when not. */
export async function checkInputsAtEnd(
  campaign: Campaign,
  matrix: Matrix,
  info: (line: string) => void,
): Promise<string[]> {
  if (!campaign.inputs) return [];
  const now = await hashInputs(matrix, info).catch(() => undefined);
  const unchanged = now !== undefined && same(now, campaign.inputs);
  campaign.inputs.unchangedAtEnd = unchanged;
  return unchanged
    ? []
    : ["the workload's code or data folder changed while the campaign ran: its runs may not have seen the same bytes"];
}
