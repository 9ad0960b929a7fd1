import { describe, expect, it } from 'vitest';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

const skip = await skipWithoutDocker();

// Bare metal enters the exported filesystem of the very image the container runs: same bytes.
describe.skipIf(skip)('bare metal and container run byte-identical software', () => {
  for (const stack of ['torch-1.13-debian12', 'torch-2.6-debian13']) {
    it(`${stack}: same torch file, version and library hash in both deployments`, async () => {
      const probe =
        'import hashlib, torch, sys; p = torch.__file__; d = torch._C.__file__; print(p, torch.__version__, sys.version.split()[0], hashlib.sha256(open(d, "rb").read()).hexdigest())';
      const run = async (deployment: string): Promise<string> => {
        const r = await cli([
          'measure',
          '--stack',
          stack,
          '--deployment',
          deployment,
          '--',
          '/usr/bin/python3',
          '-c',
          probe,
        ]);
        expect(r.exitCode, r.all).toBe(0);
        const line = r.stderr.split('\n').find((l) => l.includes('torch/__init__.py'));
        expect(line, r.all).toBeDefined();
        return line!;
      };
      const bare = await run('bare-metal');
      const container = await run('container');
      expect(container).toBe(bare);
      expect(bare).toMatch(stack.startsWith('torch-1.13') ? / 1\.13\./ : / 2\.6\./);
    });
  }
});
