import type { FrameworkFingerprint, SideFingerprint } from './types.ts';

const fmtList = (xs: readonly number[]): string => (xs.length === 0 ? '(none)' : xs.map((x) => `${x} ms`).join(', '));

function frameworkDiffs(a: FrameworkFingerprint, b: FrameworkFingerprint): string[] {
  const keys = [...new Set([...Object.keys(a.values), ...Object.keys(b.values)])].sort();
  return keys
    .filter((k) => a.values[k] !== b.values[k])
    .map((k) => `${k} ${a.values[k] ?? '(not reported)'} (A) vs ${b.values[k] ?? '(not reported)'} (B)`);
}

/** Framework warnings: a stack whose build differs between A and B, or between the deployments/runs of one side. */
export function frameworkWarnings(a: SideFingerprint, b: SideFingerprint): string[] {
  const out: string[] = [];
  const inB = new Map(b.frameworks.map((f) => [f.stack, f]));
  for (const fa of a.frameworks) {
    const fb = inB.get(fa.stack);
    if (!fb) continue;
    const diffs = frameworkDiffs(fa, fb);
    if (diffs.length > 0) out.push(`stack ${fa.stack} is not the same build on both sides: ${diffs.join('; ')}`);
  }
  for (const [side, fp] of [
    ['A', a],
    ['B', b],
  ] as const) {
    for (const f of fp.frameworks) {
      if (f.inconsistent)
        out.push(
          `${side}: stack ${f.stack} reported different framework fingerprints across its runs (see its campaign warnings)`,
        );
    }
  }
  return out;
}

/** Host and campaign warnings: what makes the two campaigns less comparable than they look. */
export function hostWarnings(a: SideFingerprint, b: SideFingerprint): string[] {
  const out: string[] = [];
  const ha = a.host;
  const hb = b.host;
  if (ha.cpuCores !== null && hb.cpuCores !== null && ha.cpuCores !== hb.cpuCores) {
    out.push(
      `CPU counts differ: ${ha.cpuCores} logical CPUs (A) vs ${hb.cpuCores} (B); CPU percentages and thread counts are not like for like`,
    );
  }
  if (ha.gpuDriver !== null && hb.gpuDriver !== null && ha.gpuDriver !== hb.gpuDriver) {
    out.push(`GPU drivers differ: ${ha.gpuDriver} (A) vs ${hb.gpuDriver} (B)`);
  }
  if ((ha.gpus.length === 0) !== (hb.gpus.length === 0)) {
    out.push(`only ${ha.gpus.length > 0 ? 'A' : 'B'} has a GPU`);
  }
  if (ha.cgroupVersion !== null && hb.cgroupVersion !== null && ha.cgroupVersion !== hb.cgroupVersion) {
    out.push(
      `cgroup versions differ: v${ha.cgroupVersion} (A) vs v${hb.cgroupVersion} (B); memory peaks come from different kernel counters`,
    );
  }
  const ca = a.campaign;
  const cb = b.campaign;
  if (ca.preset !== cb.preset) {
    out.push(
      `workload presets differ: ${ca.preset ?? '(not recorded)'} (A) vs ${cb.preset ?? '(not recorded)'} (B); the jobs did different amounts of work`,
    );
  }
  if (ca.intervalsMs.join() !== cb.intervalsMs.join()) {
    out.push(
      `sampling intervals differ: ${fmtList(ca.intervalsMs)} (A) vs ${fmtList(cb.intervalsMs)} (B); sampled averages and CPU maxima are not like for like`,
    );
  }
  return out;
}
