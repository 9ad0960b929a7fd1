// A throwaway images/ folder with three minimal valid stacks (debootstrap, pip-pinned, registry image), so the
// stack add tests never touch the real images/ folder.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** stack.yaml of a Debian-packaged stack, with comments to preserve. */
export const DEBIAN_STACK = `# Debian 13 with Debian's own PyTorch.
# Second header line.
name: deb
description: PyTorch from Debian trixie
framework:
  name: torch
  version: 2.6.0
base:
  kind: debootstrap
  suite: trixie # Debian 13
  variant: minbase
  packages: [python3, python3-torch, python3-numpy]
python: /usr/bin/python3
`;

/** stack.yaml of a stack that pip-installs a pinned torch on a debootstrapped base. */
export const PIP_STACK = `name: pip
description: PyTorch from pip on Debian bookworm
framework:
  name: torch
  version: 2.5.1
base:
  kind: debootstrap
  suite: bookworm
  packages: [python3, python3-pip]
buildArgs:
  TORCH_VERSION: 2.5.1 # pip pin
`;

/** stack.yaml of a stack that starts FROM a registry image. */
export const IMAGE_STACK = `name: reg
framework:
  name: torch
  version: 2.6.0
  cuda: "11.8"
base:
  kind: image
  image: pytorch/pytorch:2.6.0-cuda11.8-cudnn9-runtime
requires:
  gpu: true
  registry: true
`;

/** Creates a temp images/ folder holding the stacks `deb`, `pip` and `reg` and a workload folder; returns its path. */
export async function makeImagesDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'deploybench-images-'));
  const stacks: [string, string, string][] = [
    ['deb', DEBIAN_STACK, 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n'],
    [
      'pip',
      PIP_STACK,
      'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\nARG TORCH_VERSION\nRUN pip install torch==${TORCH_VERSION}\n',
    ],
    ['reg', IMAGE_STACK, 'ARG BASE_IMAGE\nFROM ${BASE_IMAGE}\n'],
  ];
  for (const [name, yaml, dockerfile] of stacks) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'stack.yaml'), yaml);
    await writeFile(join(dir, name, 'Dockerfile'), dockerfile);
  }
  await mkdir(join(dir, 'deb', 'extra'));
  await writeFile(join(dir, 'deb', 'extra', 'requirements.txt'), 'tqdm\n');
  await mkdir(join(dir, 'workload'));
  return dir;
}
