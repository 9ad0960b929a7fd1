import { cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';
import { baseTag } from '../../../harness/images/base.ts';
import { loadStack } from '../../../harness/images/stacks.ts';
import { cli } from '../../helpers/cli.ts';
import { skipWithoutDocker } from '../../helpers/env.ts';

const skip = await skipWithoutDocker();

describe.skipIf(skip)('a failing image build', () => {
  it('prints the last lines of the build and the path of its full log, with no stack trace', async () => {
    // A stack FROM the (already built) trixie base whose Dockerfile fails on purpose.
    const images = await mkdtemp(join(tmpdir(), 'deploybench-images-'));
    await cp(join(PROJECT_ROOT, 'images/workload'), join(images, 'workload'), { recursive: true });
    await mkdir(join(images, 'broken-stack'));
    const base = await baseTag((await loadStack('torch-2.6-debian13')).spec);
    await writeFile(
      join(images, 'broken-stack/stack.yaml'),
      `name: broken-stack\nframework: { name: torch, version: 2.6.0 }\nbase: { kind: image, image: "${base}" }\n`,
    );
    await writeFile(
      join(images, 'broken-stack/Dockerfile'),
      'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nRUN echo "about to fail: marker-4711" && exit 7\n',
    );
    const r = await cli(['build', 'broken-stack'], { DEPLOYBENCH_IMAGES_DIR: images });
    // A set-up step that failed (README "Exit codes"): status 3, E_BUILD_FAILED with the engine's error as cause.
    expect(r.exitCode, r.all).toBe(3);
    expect(r.stderr).toMatch(/^deploybench: error E_BUILD_FAILED: building broken-stack failed/m);
    expect(r.stderr).toMatch(/^ {2}cause: /m);
    expect(r.stderr).toContain('building broken-stack failed');
    expect(r.stderr).toContain('--- last lines ---');
    expect(r.stderr).toContain('marker-4711');
    expect(r.stderr).toMatch(/fix: see the full log \/.*build-broken-stack-.*\.log/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
