import { formatPath } from '../core/yaml.ts';

/**
 * The fix for a campaign.json field that fails the schema at `path`: the matrix and the host have
 * schemas of their own, named so the file can be repaired by hand; anything else was damaged.
 */
export function campaignFix(path: readonly PropertyKey[]): string {
  const field = formatPath(path);
  if (path[0] === 'matrix')
    return `correct ${field} in campaign.json as the matrix schema expects (scenarios/matrix.schema.json describes every field), or start a new campaign with \`deploybench run MATRIX\``;
  if (path[0] === 'host')
    return `correct ${field} in campaign.json as the host fingerprint expects (\`deploybench fingerprint --json\` prints one), or start a new campaign with \`deploybench run MATRIX\``;
  return 'the campaign was written by another tool or damaged; re-run it or remove the file';
}
