// Checks the GPU measurement on a real NVIDIA machine in well under 2 minutes:
//   sudo node harness/cli/tsnode.js harness/sampling/gpu-check.ts [--mb 1024]      (npm run gpu-check)
// A child process allocates --mb MiB of device memory through the CUDA driver API (libcuda.so.1, via koffi;
// no toolkit, no Python) inside a job cgroup; the sampler's NVML figures are compared with the allocation,
// with nvidia-smi and with the nvidia-smi fallback probe. Prints PASS/FAIL lines; exit code 1 on any FAIL.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import koffi from 'koffi';
import { createJobCgroup } from './cgroup.ts';
import { nvmlStatus, openGpuProbe } from './gpu.ts';
import { createSampler } from './sampler.ts';
import { findNvidiaSmi, openSmiProbe } from './smi-probe.ts';

const MIB = 1024 * 1024;
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

// Child: hold `mb` MiB of device memory for `seconds`, written so it is really backed.
async function child(mb: number, seconds: number): Promise<void> {
  const cuda = koffi.load('libcuda.so.1');
  const check = (what: string, code: number): void => {
    if (code !== 0) throw new Error(`${what} failed with CUresult ${code}`);
  };
  check('cuInit', cuda.func('int cuInit(unsigned int flags)')(0) as number);
  const dev = [0];
  check('cuDeviceGet', cuda.func('int cuDeviceGet(_Out_ int *dev, int ordinal)')(dev, 0) as number);
  const ctx: unknown[] = [null];
  check(
    'cuDevicePrimaryCtxRetain',
    cuda.func('int cuDevicePrimaryCtxRetain(_Out_ void **ctx, int dev)')(ctx, dev[0]) as number,
  );
  check('cuCtxSetCurrent', cuda.func('int cuCtxSetCurrent(void *ctx)')(ctx[0]) as number);
  const ptr = [0n];
  check('cuMemAlloc_v2', cuda.func('int cuMemAlloc_v2(_Out_ uint64_t *dptr, size_t bytes)')(ptr, mb * MIB) as number);
  check(
    'cuMemsetD8_v2',
    cuda.func('int cuMemsetD8_v2(uint64_t dptr, uint8_t value, size_t n)')(ptr[0], 1, mb * MIB) as number,
  );
  check('cuCtxSynchronize', cuda.func('int cuCtxSynchronize()')() as number);
  console.log(`allocated ${mb} MiB`);
  await sleep(seconds * 1000);
}

let failures = 0;
function verdict(ok: boolean, what: string): void {
  if (!ok) failures++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
}
const mib = (b: number | null | undefined): string =>
  b === null || b === undefined ? 'null' : `${(b / MIB).toFixed(1)} MiB`;

async function main(): Promise<void> {
  const mb = arg('--mb', 1024);
  const status = await nvmlStatus();
  verdict(status.available, `NVML: ${status.reason} (${status.libPath})`);
  if (!status.available) return;
  for (const d of status.devices ?? [])
    console.log(`      device ${d.index}: ${d.name}, ${d.uuid}, ${mib(d.memoryTotalBytes)}`);
  const probe = await openGpuProbe({ nvidiaSmi: null });
  if (!probe) return verdict(false, 'NVML probe could not be opened');
  const t = performance.now();
  for (let i = 0; i < 50; i++) await probe.read([process.pid]);
  const perRead = (performance.now() - t) / 50;
  verdict(perRead < 20, `one NVML reading of all devices takes ${perRead.toFixed(2)} ms (run off the event loop)`);
  const smiPath = await findNvidiaSmi();
  const smi = smiPath ? await openSmiProbe(smiPath, 100).catch(() => null) : null;
  verdict(smi !== null, `nvidia-smi fallback probe ${smi ? 'started' : 'unavailable'} (${smiPath ?? 'not on PATH'})`);
  const watched = await allocateInChild(mb, probe, smiPath, smi);
  const gpu = watched.result?.gpu;
  if (gpu) checkSampler(gpu, mb, watched.smiCli, smi ? watched.smiPeak : null);
  await smi?.close();
  await probe.close();
}

/** What the check saw while its child held the allocation. */
interface Watched {
  result: Awaited<ReturnType<ReturnType<typeof createSampler>['stop']>> | null;
  /** Peak per-process bytes seen by the nvidia-smi fallback probe and by the nvidia-smi command line. */
  smiPeak: number;
  smiCli: number;
}

// Runs a child that allocates `mb` MiB through libcuda, in a job cgroup under the sampler when root,
// and watches it with nvidia-smi meanwhile.
async function allocateInChild(
  mb: number,
  probe: NonNullable<Awaited<ReturnType<typeof openGpuProbe>>>,
  smiPath: string | null,
  smi: Awaited<ReturnType<typeof openSmiProbe>> | null,
): Promise<Watched> {
  const root = process.getuid?.() === 0;
  const cgroup = root ? await createJobCgroup(`gpu-check-${process.pid}`) : null;
  const sampler = cgroup
    ? createSampler({ cgroup, intervalMs: 100, gpu: probe, hostCpus: availableParallelism() })
    : null;
  if (!root) console.log('      not root: no job cgroup, sampling the child PID only');
  const self = fileURLToPath(import.meta.url);
  // Compiled (dist/, as in the offline bundle) it runs as is; from the sources through the TypeScript loader.
  const loader = self.endsWith('.js') ? [] : [fileURLToPath(new URL('../cli/tsnode.js', import.meta.url))];
  const argv = [process.execPath, ...loader, self, '--child', '--mb', String(mb), '--seconds', '4'];
  const [file, ...args] = (cgroup ? cgroup.wrapCommand(argv) : argv) as [string, ...string[]];
  sampler?.start();
  const t0 = performance.now();
  const job = execa(file, args, { reject: false, all: true });
  let smiPeak = 0;
  let smiCli = 0;
  while (job.exitCode === null && performance.now() - t0 < 60_000) {
    await sleep(250);
    const pids = cgroup ? await cgroup.pids() : job.pid ? [job.pid] : [];
    if (smi) smiPeak = Math.max(smiPeak, (await smi.read(pids)).processBytes ?? 0);
    if (smiPath && job.pid) smiCli = Math.max(smiCli, await smiCommandBytes(smiPath, pids));
  }
  const done = await job;
  const lines = done.all?.trim().split('\n') ?? [];
  const said = done.exitCode === 0 ? lines.pop() : (lines.find((l) => /Error/.test(l)) ?? lines.pop());
  verdict(done.exitCode === 0, `child allocated ${mb} MiB through libcuda: ${said ?? ''}`);
  const result = sampler ? await sampler.stop((performance.now() - t0) / 1000) : null;
  await cgroup?.remove();
  return { result, smiPeak, smiCli };
}

// Bytes of GPU memory nvidia-smi's command line reports for the given PIDs (its largest entry).
async function smiCommandBytes(smiPath: string, pids: readonly number[]): Promise<number> {
  const out = await execa(smiPath, ['--query-compute-apps=pid,used_memory', '--format=csv,noheader,nounits'], {
    reject: false,
  });
  let bytes = 0;
  for (const line of out.stdout.split('\n'))
    if (pids.includes(Number(line.split(',')[0]))) bytes = Math.max(bytes, Number(line.split(',')[1]) * MIB);
  return bytes;
}

// The sampler's GPU figures against the allocation and against nvidia-smi.
function checkSampler(
  gpu: NonNullable<Watched['result']>['gpu'] & object,
  mb: number,
  smiCli: number,
  smiPeak: number | null,
): void {
  console.log(
    `      sampler gpu: peak ${mib(gpu.peakBytes)}, device peak ${mib(gpu.devicePeakBytes)} over baseline ${mib(gpu.baselineBytes)}, util ${gpu.avgUtilPercent?.toFixed(1)} %, source ${gpu.source}`,
  );
  verdict(
    (gpu.peakBytes ?? 0) >= mb * MIB && (gpu.peakBytes ?? 0) <= mb * MIB + 2048 * MIB,
    `per-process peak ${mib(gpu.peakBytes)} is the allocation plus a CUDA context (< 2 GiB)`,
  );
  verdict(
    (gpu.devicePeakBytes ?? 0) >= mb * MIB * 0.95,
    `device peak above baseline ${mib(gpu.devicePeakBytes)} covers the allocation`,
  );
  if (smiCli > 0)
    verdict(
      Math.abs((gpu.peakBytes ?? 0) - smiCli) <= 16 * MIB,
      `NVML per-process peak matches nvidia-smi's ${mib(smiCli)} (decoding of nvmlProcessInfo_t v3)`,
    );
  if (smiPeak !== null)
    verdict(Math.abs((gpu.peakBytes ?? 0) - smiPeak) <= 16 * MIB, `nvidia-smi fallback probe saw ${mib(smiPeak)}`);
}

if (process.argv.includes('--child')) {
  await child(arg('--mb', 1024), arg('--seconds', 4));
} else {
  await main();
  console.log(failures === 0 ? 'gpu-check: all checks passed' : `gpu-check: ${failures} check(s) failed`);
  process.exitCode = failures === 0 ? 0 : 1;
}
