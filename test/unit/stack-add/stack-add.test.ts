import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addStack } from '../../../harness/images/stack-add.ts';
import { listStackNames, loadStack } from '../../../harness/images/stacks.ts';
import { makeImagesDir } from './fixtures.ts';

let images = '';

beforeEach(async () => {
  images = await makeImagesDir();
});

afterEach(async () => {
  await rm(images, { recursive: true, force: true });
});

const entries = async (): Promise<string[]> => (await readdir(images)).sort();
const add = (name: string, from: string, ...set: string[]) => addStack({ name, from, set, imagesDir: images });

describe('addStack', () => {
  it('copies the stack, sets the name, applies settings and keeps comments', async () => {
    const added = await add('deb-sid', 'deb', 'suite=sid', 'packages+=python3-scipy');
    expect(await listStackNames(images)).toEqual(['deb', 'deb-sid', 'pip', 'reg']);
    expect(added.dir).toBe(join(images, 'deb-sid'));
    expect(added.changes).toEqual([
      'name: deb -> deb-sid',
      'base.suite: trixie -> sid',
      'base.packages: + python3-scipy',
    ]);
    const { spec } = await loadStack('deb-sid', images);
    expect(spec).toMatchObject({
      name: 'deb-sid',
      base: {
        kind: 'debootstrap',
        suite: 'sid',
        packages: ['python3', 'python3-torch', 'python3-numpy', 'python3-scipy'],
      },
    });
    expect(spec.description).toBe('PyTorch from Debian trixie; variant of deb with suite=sid, packages+=python3-scipy');
    const yaml = await readFile(join(images, 'deb-sid', 'stack.yaml'), 'utf8');
    expect(yaml.split('\n').slice(0, 3)).toEqual([
      "# Made by `deploybench stack add deb-sid --from deb --set suite=sid --set packages+=python3-scipy`; comments below are deb's.",
      "# Debian 13 with Debian's own PyTorch.",
      '# Second header line.',
    ]);
    expect(yaml).toContain('  suite: sid # Debian 13\n');
    expect(yaml).toContain('  packages: [python3, python3-torch, python3-numpy, python3-scipy]\n');
    expect(await readFile(join(images, 'deb-sid', 'Dockerfile'), 'utf8')).toBe('ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n');
    expect(await readFile(join(images, 'deb-sid', 'extra', 'requirements.txt'), 'utf8')).toBe('tqdm\n');
    expect(added.notes[0]).toMatch(/^framework.version is still 2.6.0/);
  });

  it('a plain copy only changes the name', async () => {
    const added = await add('deb2', 'deb');
    expect(added.changes).toEqual(['name: deb -> deb2']);
    expect(added.spec.description).toBe('PyTorch from Debian trixie');
  });

  it('parses values as YAML scalars, keeping strings where the schema wants strings', async () => {
    const added = await add(
      'deb-x',
      'deb',
      'framework.version=2.7',
      'requires.gpu=true',
      'framework.cuda=null',
      'buildArgs.JOBS=4',
      'base.components+=contrib,non-free',
      'packages-=python3-numpy',
      'description=A "quoted" one: with colon',
    );
    expect(added.spec).toMatchObject({
      framework: { version: '2.7', cuda: null },
      requires: { gpu: true, registry: false },
      buildArgs: { JOBS: '4' },
      base: { components: ['main', 'contrib', 'non-free'], packages: ['python3', 'python3-torch'] },
      description: 'A "quoted" one: with colon',
    });
  });

  it('torch= pins a pip stack: buildArgs.TORCH_VERSION and framework.version', async () => {
    const added = await add('pip-27', 'pip', 'torch=2.7.0');
    expect(added.spec.buildArgs.TORCH_VERSION).toBe('2.7.0');
    expect(added.spec.framework.version).toBe('2.7.0');
    expect(added.changes).toContain('buildArgs.TORCH_VERSION: 2.5.1 -> 2.7.0');
    expect(await readFile(join(images, 'pip-27', 'stack.yaml'), 'utf8')).toContain('TORCH_VERSION: 2.7.0 # pip pin');
    expect(added.notes).toEqual([]);
  });

  it('image= sets the base image of a registry stack', async () => {
    const added = await add(
      'reg-27',
      'reg',
      'image=pytorch/pytorch:2.7.0-cuda11.8-cudnn9-runtime',
      'framework.version=2.7.0',
    );
    expect(added.spec.base).toEqual({ kind: 'image', image: 'pytorch/pytorch:2.7.0-cuda11.8-cudnn9-runtime' });
  });
});

describe('addStack refuses, leaving nothing behind', () => {
  const refuses = async (run: () => Promise<unknown>, code: string, message: RegExp): Promise<void> => {
    const before = await entries();
    await expect(run()).rejects.toMatchObject({ code, message: expect.stringMatching(message) as unknown });
    expect(await entries()).toEqual(before);
  };

  it('an existing target name', async () => {
    await refuses(() => add('pip', 'deb'), 'E_STACK_EXISTS', /stack "pip" already exists/);
    expect(await readFile(join(images, 'pip', 'stack.yaml'), 'utf8')).toContain('name: pip');
  });

  it('an invalid name', async () => {
    await refuses(() => add('Torch_2', 'deb'), 'E_USAGE', /invalid stack name "Torch_2"/);
    await refuses(() => add('../escape', 'deb'), 'E_USAGE', /invalid stack name/);
  });

  it('an unknown source stack, listing the known ones', async () => {
    const error = await add('x', 'nope').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'E_NOT_FOUND',
      message: expect.stringMatching(/unknown stack "nope"/) as unknown,
      fix: expect.stringMatching(/deb, pip, reg/) as unknown,
    });
    expect(await entries()).toEqual(['deb', 'pip', 'reg', 'workload']);
  });

  it('an unknown key, listing the known keys', async () => {
    const error = await add('x', 'deb', 'base.suit=sid').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'E_USAGE',
      message: '--set base.suit=sid: unknown key "base.suit" (no "suit" in base)',
    });
    expect((error as { fix: string }).fix).toMatch(/components, image, kind, packages, suite, variant/);
    await refuses(() => add('x', 'deb', 'colour=red'), 'E_USAGE', /unknown key "colour" \(no "colour" in stack.yaml\)/);
    await refuses(() => add('x', 'deb', 'name=y'), 'E_USAGE', /the name is the one given on the command line/);
    await refuses(() => add('x', 'deb', 'oops'), 'E_USAGE', /Expected --set to be KEY=VALUE, got `oops`/);
  });

  it('an invalid result, naming the line', async () => {
    await refuses(
      () => add('x', 'deb', 'requires.gpu=maybe'),
      'E_STACK_INVALID',
      /stack\.yaml:\d+ requires\.gpu: .*expected boolean.*found "maybe"/,
    );
    await refuses(() => add('x', 'deb', 'base.kind=image'), 'E_STACK_INVALID', /the new stack would not be valid/);
    await refuses(() => add('x', 'deb', 'base.variant=huge'), 'E_STACK_INVALID', /base\.variant/);
  });

  it('torch= on a Debian-packaged stack, pointing at suite=', async () => {
    const error = await add('x', 'deb', 'torch=2.7.0').catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'E_USAGE',
      message: expect.stringMatching(
        /installs Debian's python3-torch, so its torch version comes from the Debian suite \(trixie\)/,
      ) as unknown,
      fix: expect.stringMatching(/--set suite=sid/) as unknown,
    });
    expect(await entries()).toEqual(['deb', 'pip', 'reg', 'workload']);
  });

  it('shortcuts that do not fit the kind of stack', async () => {
    await refuses(() => add('x', 'reg', 'suite=sid'), 'E_USAGE', /starts FROM a registry image/);
    await refuses(() => add('x', 'reg', 'packages+=vim'), 'E_USAGE', /starts FROM a registry image/);
    await refuses(() => add('x', 'deb', 'image=debian:sid'), 'E_USAGE', /is built from a Debian mirror/);
    await refuses(() => add('x', 'reg', 'torch=2.7.0'), 'E_USAGE', /takes torch from its base image/);
    await refuses(
      () => add('x', 'deb', 'packages-=vim'),
      'E_USAGE',
      /"vim" is not in base\.packages|vim is not in base\.packages/,
    );
    await refuses(() => add('x', 'deb', 'description+=x'), 'E_USAGE', /is not a list/);
  });
});

describe('torch= on a CUDA wheel stack', () => {
  it('keeps the local version suffix the Dockerfile checks, unless given', async () => {
    await rm(join(images, 'pip'), { recursive: true });
    const { mkdir, writeFile } = await import('node:fs/promises');
    await mkdir(join(images, 'cu'));
    await writeFile(
      join(images, 'cu', 'stack.yaml'),
      'name: cu\nframework: { name: torch, version: 2.6.0, cuda: "11.8" }\nbase: { kind: image, image: nvidia/cuda:11.8.0-runtime-ubuntu22.04 }\nbuildArgs:\n  TORCH_VERSION: 2.6.0+cu118\n',
    );
    await writeFile(join(images, 'cu', 'Dockerfile'), 'ARG TORCH_VERSION\n');
    const same = await add('cu-27', 'cu', 'torch=2.7.0');
    expect(same.spec.buildArgs.TORCH_VERSION).toBe('2.7.0+cu118');
    expect(same.spec.framework.version).toBe('2.7.0');
    expect(same.notes).toEqual([]);
    const other = await add('cu-27-126', 'cu', 'torch=2.7.0+cu126', 'framework.cuda=12.6');
    expect(other.spec.buildArgs.TORCH_VERSION).toBe('2.7.0+cu126');
    expect(other.spec.framework).toEqual({ name: 'torch', version: '2.7.0', cuda: '12.6' });
    expect(other.notes[0]).toMatch(/CUDA build changed \(cu118 -> cu126\)/);
  });
});
