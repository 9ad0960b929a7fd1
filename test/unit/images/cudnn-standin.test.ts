// images/torch-2.6-cuda-debian13/cudnn-standin.sh on the host, against a small library that imports cuDNN
// functions the way Debian's libtorch-cuda does (linked with -lcudnn, soname libcudnn.so.9): the stand-in it
// makes exports exactly those functions, loads with every symbol bound at once (RTLD_NOW, as Python loads
// torch), and answers NOT_SUPPORTED and version 0. Needs gcc and nm, which this machine has (no apt-get then).
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../harness/core/paths.ts';

const SCRIPT = join(PROJECT_ROOT, 'images/torch-2.6-cuda-debian13/cudnn-standin.sh');
const IMPORTED = ['cudnnCreate', 'cudnnDestroy', 'cudnnGetVersion', 'cudnnRNNForward', 'cudnnGetErrorString'];

let dir = '';
let lib = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'deploybench-cudnn-'));
  lib = join(dir, 'lib');
  await mkdir(lib);
  // A throwaway libcudnn.so.9 to link against, removed before the script runs (as in the image, where none is).
  await writeFile(join(dir, 'link.c'), IMPORTED.map((f) => `int ${f}(void) { return -1; }`).join('\n'));
  await execa('gcc', [
    '-shared',
    '-fPIC',
    '-Wl,-soname,libcudnn.so.9',
    '-o',
    join(lib, 'libcudnn.so'),
    join(dir, 'link.c'),
  ]);
  const calls = IMPORTED.map((f) => `extern int ${f}(void); int call_${f}(void) { return ${f}(); }`).join('\n');
  await writeFile(join(dir, 'torch.c'), calls);
  await execa('gcc', [
    '-shared',
    '-fPIC',
    '-o',
    join(lib, 'libtorch_cuda.so'),
    join(dir, 'torch.c'),
    `-L${lib}`,
    '-lcudnn',
  ]);
  await rm(join(lib, 'libcudnn.so'));
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

const run = (search: string) =>
  execa('sh', [SCRIPT], {
    reject: false,
    env: {
      CUDNN_STANDIN_LIBDIR: lib,
      CUDNN_STANDIN_SEARCH: search,
      CUDNN_STANDIN_MARKER: join(dir, 'etc/cudnn-standin'),
    },
  });

describe('cudnn-standin.sh', () => {
  it('makes libcudnn.so.9 with exactly the imported functions, bound at load, NOT_SUPPORTED and version 0', async () => {
    const r = await run(`${lib}/libtorch*.so*`);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toBe(`cudnn-standin: ${lib}/libcudnn.so.9 with ${IMPORTED.length} functions`);
    const soname = await execa('sh', ['-c', `readelf -d ${lib}/libcudnn.so.9 | grep SONAME`]);
    expect(soname.stdout).toContain('[libcudnn.so.9]');
    const exported = await execa('nm', ['-D', '--defined-only', join(lib, 'libcudnn.so.9')]);
    const names = exported.stdout
      .split('\n')
      .map((l) => l.split(' ').pop() ?? '')
      .filter((n) => n.startsWith('cudnn'))
      .sort();
    expect(names).toEqual([...IMPORTED].sort());
    const py = await execa(
      'python3',
      [
        '-c',
        [
          'import ctypes, os, sys',
          `t = ctypes.CDLL(sys.argv[1], mode=os.RTLD_NOW)`,
          'print(t.call_cudnnCreate(), t.call_cudnnRNNForward(), t.call_cudnnGetVersion())',
        ].join('\n'),
        join(lib, 'libtorch_cuda.so'),
      ],
      { env: { LD_LIBRARY_PATH: lib } },
    );
    expect(py.stdout).toBe('3000 3000 0');
    const marker = await readFile(join(dir, 'etc/cudnn-standin'), 'utf8');
    expect(marker).toContain(`not NVIDIA's cuDNN; ${IMPORTED.length} functions`);
    expect(marker).toContain(`Imported by: ${lib}/libtorch_cuda.so`);
  });

  it('fails with the folders it looked in when no library links libcudnn.so.9', async () => {
    const r = await run(`${dir}/nothing*.so`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`no library of libtorch-cuda links libcudnn.so.9 (looked in ${dir}/nothing*.so)`);
  });
});
