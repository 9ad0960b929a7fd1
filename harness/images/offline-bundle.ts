// `npm run gpu-bundle`: packs the offline GPU check into one archive for a GPU node with no Docker, no
// registry and no internet: this Node.js runtime, the compiled CLI with its production dependencies
// (koffi cut to this platform's binary; no TypeScript loader: the compiled output is up to date), the
// stack and workload files, and gpu-check.sh, which runs the three checks (see its header). Refuses to
// write an archive above 60 MB. Prints the archive's path and size.
import { chmod, copyFile, cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { arch, platform } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { PROJECT_ROOT } from '../core/paths.ts';

const NAME = 'deploybench-gpu-check';
/** The archive must fit what a GPU node can be sent (the device machine takes 64 MB). */
const MAX_ARCHIVE_BYTES = 60 * 1000 * 1000;
/** Production dependencies the compiled CLI never loads. */
const SKIP_PACKAGES = ['tsx', 'esbuild', '@esbuild'];

const MATRIX = `# The offline GPU check's matrix: the reference workload on CUDA through the host deployment,
# with the node's own Python (CUDA PyTorch), one repetition of train and infer. gpu-check.sh fills in
# the interpreter and the preset.
name: gpu-host-check
description: offline GPU check, reference workload on CUDA (host deployment)
stacks: [torch-2.6.0-cu118]
deployments: [host]
jobs: [train, infer]
workload:
  preset: @PRESET@
  seed: 42
  device: cuda
repetitions: 1
warmup: 0
host:
  python: @PYTHON@
gpu:
  count: all
`;

const SCRIPT = `#!/bin/sh
# Offline GPU check of deploybench (no Docker, no registry, no internet; the NVIDIA driver and a Python
# with CUDA PyTorch). Run as root, from anywhere:
#   ./gpu-check.sh /path/to/python [tiny|small|paper]        (default: small; a few minutes in all)
# 1. NVML through deploybench's binding: devices, memory, per-process accounting vs nvidia-smi.
# 2. The reference workload on CUDA through the host deployment: train and infer, sampled.
# 3. The sampled per-process GPU peak vs the job's torch.cuda.max_memory_reserved() (+ CUDA context).
# Exit status 0 when every check passed. Results and the report stay in this folder.
set -u
here=$(cd "$(dirname "$0")" && pwd)
py=\${1:?usage: ./gpu-check.sh /path/to/python-with-cuda-torch [tiny|small|paper]}
preset=\${2:-small}
node="$here/bin/node"
db="$here/deploybench"
export DEPLOYBENCH_RESULTS_DIR="$here/results" DEPLOYBENCH_REPORTS_DIR="$here/reports" DEPLOYBENCH_CACHE_DIR="$here/cache"
"$py" -c 'import torch; print("python", torch.__version__, "cuda", torch.version.cuda, "available", torch.cuda.is_available())' || exit 2
echo "== 1/3 NVML binding vs nvidia-smi"
"$node" "$db/dist/harness/sampling/gpu-check.js" --mb 1024; s1=$?
echo "== 2/3 reference workload on CUDA (host deployment, preset $preset)"
sed -e "s#@PYTHON@#$py#" -e "s#@PRESET@#$preset#" "$db/scenarios/gpu-host-check.yaml" > "$here/gpu-host-check.yaml"
"$node" "$db/harness/cli/bin.js" run "$here/gpu-host-check.yaml" > "$here/run.out"; s2=$?
cat "$here/run.out"
camp=$(tail -n 1 "$here/run.out")
echo "== 3/3 sampled GPU peak vs torch.cuda.max_memory_reserved()"
"$node" "$db/dist/harness/sampling/gpu-crosscheck.js" "$camp"; s3=$?
echo "gpu-check.sh: nvml $s1, workload $s2, cross-check $s3"
[ $s1 -eq 0 ] && [ $s2 -eq 0 ] && [ $s3 -eq 0 ]
`;

async function productionPackages(): Promise<string[]> {
  const r = await execa('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: PROJECT_ROOT, reject: false });
  return r.stdout
    .split('\n')
    .map((p) => relative(PROJECT_ROOT, p.trim()))
    .filter((p) => p.startsWith('node_modules/'))
    .filter((p) => !SKIP_PACKAGES.some((s) => p === `node_modules/${s}` || p.startsWith(`node_modules/${s}/`)));
}

// koffi ships a binary per platform (28 MB in all); the node gets this one's only.
async function pruneKoffi(root: string): Promise<void> {
  const builds = join(root, 'node_modules', 'koffi', 'build', 'koffi');
  const keep = `${platform()}_${arch()}`;
  for (const d of await readdir(builds).catch(() => [])) if (d !== keep) await rm(join(builds, d), { recursive: true });
}

async function stage(dir: string): Promise<void> {
  const db = join(dir, 'deploybench');
  await mkdir(join(dir, 'bin'), { recursive: true });
  await copyFile(process.execPath, join(dir, 'bin', 'node'));
  await chmod(join(dir, 'bin', 'node'), 0o755);
  // Not an earlier archive (it lies in dist/), nor the source maps (the node runs the compiled output).
  const wanted = (src: string): boolean => !src.endsWith('.tar.xz') && !src.endsWith('.js.map');
  for (const f of ['package.json', 'harness', 'dist', 'images'])
    await cp(join(PROJECT_ROOT, f), join(db, f), { recursive: true, preserveTimestamps: true, filter: wanted });
  for (const p of await productionPackages())
    await cp(join(PROJECT_ROOT, p), join(db, p), { recursive: true, preserveTimestamps: true });
  await pruneKoffi(db);
  await mkdir(join(db, 'scenarios'), { recursive: true });
  await writeFile(join(db, 'scenarios', 'gpu-host-check.yaml'), MATRIX);
  await writeFile(join(dir, 'gpu-check.sh'), SCRIPT, { mode: 0o755 });
}

async function main(): Promise<void> {
  const build = await execa('node', [join(PROJECT_ROOT, 'harness/cli/build.js')], { cwd: PROJECT_ROOT, all: true });
  if (build.all) console.log(build.all);
  const work = join(PROJECT_ROOT, '.cache', 'gpu-bundle');
  await rm(work, { recursive: true, force: true });
  await stage(join(work, NAME));
  const archive = join(PROJECT_ROOT, 'dist', `${NAME}.tar.xz`);
  await execa('tar', ['-C', work, '-cJf', archive, NAME], { env: { XZ_OPT: '-6 -T0' } });
  await rm(work, { recursive: true, force: true });
  const bytes = (await stat(archive)).size;
  const mb = (bytes / 1e6).toFixed(1);
  if (bytes > MAX_ARCHIVE_BYTES) {
    await rm(archive);
    throw new Error(`the bundle is ${mb} MB, above the 60 MB it must fit in`);
  }
  console.log(`${archive}: ${mb} MB`);
  console.log(`on the GPU node: tar -xJf ${NAME}.tar.xz && sudo ./${NAME}/gpu-check.sh /path/to/python`);
}

await main();
