// Regenerates scenarios/matrix.schema.json from the zod schema: `npm run schema`.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { paths } from '../core/paths.ts';
import { matrixJsonSchemaText } from './json-schema.ts';

const file = join(paths.scenarios(), 'matrix.schema.json');
await writeFile(file, matrixJsonSchemaText());
console.log(`wrote ${file}`);
