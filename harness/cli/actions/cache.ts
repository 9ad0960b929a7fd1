// `deploybench cache` and `deploybench cache prune`.
import { HarnessError } from '../../core/errors.ts';
import { paths } from '../../core/paths.ts';
import { currentStacks, gatherInventory } from '../../cache/inventory.ts';
import { planCache, type CacheItem } from '../../cache/plan.ts';
import { formatBytes } from '../../render/units.ts';
import { prune } from '../../cache/prune.ts';
import type { CacheListArgs, CachePruneArgs } from '../commands/cache.ts';

async function plan(logDays: number): Promise<{ items: CacheItem[]; invalid: string[] }> {
  const [inv, { stacks, invalid }] = await Promise.all([gatherInventory(), currentStacks()]);
  return { items: planCache(inv, stacks, { nowMs: Date.now(), logDays }), invalid };
}

const line = (i: CacheItem): string =>
  `  ${formatBytes(i.sizeBytes).padStart(10)}  ${i.name.padEnd(52)} ${i.usedBy.length > 0 ? i.usedBy.join(', ') : `UNUSED: ${i.unused ?? ''}`}`;

const TITLES: Record<CacheItem['kind'], string> = {
  image: 'stack images (Docker; sizes count shared layers in each)',
  base: 'debootstrap bases (Docker)',
  export: 'bare-metal exports',
  debs: '.deb caches',
  log: 'build logs',
  'run-root': 'per-run roots',
  scratch: 'debootstrap scratch roots',
};

/** Prints every cached thing by kind, with its size and what uses it. */
export async function cacheListAction(a: CacheListArgs): Promise<void> {
  const { items, invalid } = await plan(a['log-days']);
  const out = [`cache dir ${paths.cache()}`];
  for (const kind of Object.keys(TITLES) as CacheItem['kind'][]) {
    const of = items.filter((i) => i.kind === kind);
    if (of.length === 0) continue;
    const total = of.reduce((s, i) => s + i.sizeBytes, 0);
    out.push(`${TITLES[kind]}: ${of.length}, ${formatBytes(total)}`, ...of.map(line));
  }
  const unused = items.filter((i) => i.usedBy.length === 0);
  out.push(
    unused.length > 0
      ? `unused: ${unused.length} (${formatBytes(unused.reduce((s, i) => s + i.sizeBytes, 0))}); \`deploybench cache prune --dry-run\` shows what it would remove`
      : 'unused: nothing',
  );
  for (const s of invalid) out.push(`warning: stack ${s} does not load; its images count as unused`);
  process.stdout.write(`${out.join('\n')}\n`);
}

/** Removes what nothing uses, one line per removal and the space freed. Refuses while a stack does not load. */
export async function cachePruneAction(a: CachePruneArgs): Promise<void> {
  const dryRun = a['dry-run'];
  const { items, invalid } = await plan(a['log-days']);
  if (invalid.length > 0) {
    throw new HarnessError(
      'E_STACK_INVALID',
      `cache prune: stack ${invalid.join(', ')} does not load, so which images it uses is unknown`,
      {
        fix: 'fix the stack (see `deploybench list stacks`) or remove its folder, then prune again',
      },
    );
  }
  const outcomes = await prune(items, { dryRun, ...(a.match ? { match: a.match } : {}) });
  for (const o of outcomes) {
    process.stdout.write(
      `${o.state === 'kept' ? `kept ${o.item.name}: ${o.error ?? ''}` : `${o.state} ${o.item.name} (${formatBytes(o.item.sizeBytes)}; ${o.item.unused ?? ''})`}\n`,
    );
  }
  const freed = outcomes.filter((o) => o.state !== 'kept').reduce((s, o) => s + o.item.sizeBytes, 0);
  const images = outcomes.some((o) => o.state !== 'kept' && (o.item.kind === 'image' || o.item.kind === 'base'));
  process.stdout.write(
    `${dryRun ? 'would free' : 'freed'} ${images ? 'up to ' : ''}${formatBytes(freed)}${images ? ' (images share layers)' : ''}${outcomes.length === 0 ? ' (nothing unused)' : ''}\n`,
  );
  if (outcomes.some((o) => o.state === 'kept')) process.exitCode = 1;
}
