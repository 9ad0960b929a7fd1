// Regenerates scenarios/matrix.schema.json and scenarios/result.schema.json from the zod schemas: `npm run schema`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { paths } from '../core/paths.ts';
import { jobResultJsonSchemaText } from '../results/job-result.ts';
import { matrixJsonSchemaText } from './json-schema.ts';

for (const [name, text] of [
  ['matrix.schema.json', matrixJsonSchemaText()],
  ['result.schema.json', jobResultJsonSchemaText()],
] as const) {
  const file = join(paths.scenarios(), name);
  await writeFile(file, text);
  console.log(`wrote ${file}`);
}
