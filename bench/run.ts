// `npm run bench`: runs every bench/*.bench.ts in its own process, one after the other (they measure
// CPU time and must not share the machine with each other). `npm run bench -- report` runs only matching files.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../harness/core/paths.ts';

const filter = process.argv[2];
const dir = join(PROJECT_ROOT, 'bench');
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter))).sort();
let failed = 0;
for (const f of files) {
  console.log(`\n== ${f}`);
  const r = await execa('node', [join(PROJECT_ROOT, 'harness/cli/tsnode.js'), join(dir, f)], {
    stdio: 'inherit',
    reject: false,
    cwd: PROJECT_ROOT,
  });
  if (r.exitCode !== 0) failed++;
}
if (failed > 0) {
  console.error(`${failed} benchmark file(s) failed`);
  process.exitCode = 1;
}
