import type { HostFingerprint } from './fingerprint.ts';
import { formatBytes } from '../render/units.ts';

function ghz(fp: HostFingerprint): string {
  const { baseGhz, maxGhz } = fp.cpu;
  if (baseGhz === null && maxGhz === null) return 'frequency unknown';
  if (maxGhz === null || maxGhz === baseGhz) return `${baseGhz} GHz`;
  return `${baseGhz ?? '?'}-${maxGhz} GHz`;
}

/** The fingerprint as aligned `key  value` lines, for `deploybench fingerprint` (pure). */
export function formatFingerprint(fp: HostFingerprint): string {
  const rows: [string, string][] = [
    ['host', fp.hostname],
    ['cpu', `${fp.cpu.model} (${fp.cpu.physicalCores} cores, ${fp.cpu.logicalCpus} threads, ${ghz(fp)})`],
    ['memory', formatBytes(fp.memoryTotalBytes)],
    [
      'os',
      `${fp.os.distro} ${fp.os.release}${fp.os.codename ? ` (${fp.os.codename})` : ''}, kernel ${fp.os.kernel}, ${fp.os.arch}`,
    ],
    ['cgroup', fp.cgroupVersion === null ? 'unknown' : `v${fp.cgroupVersion}`],
    [
      'docker',
      fp.docker
        ? `${fp.docker.version} (API ${fp.docker.apiVersion}, cgroup driver ${fp.docker.cgroupDriver ?? '?'}, storage ${fp.docker.storageDriver ?? '?'})`
        : `unavailable: ${fp.dockerError ?? 'unknown reason'}`,
    ],
  ];
  if (fp.gpus.length === 0) rows.push(['gpu', 'none']);
  fp.gpus.forEach((g, i) => {
    const mem = g.memoryTotalBytes === null ? '' : `, ${formatBytes(g.memoryTotalBytes)}`;
    const driver = g.driverVersion ? `, driver ${g.driverVersion}` : '';
    rows.push([`gpu ${i}`, `${g.name}${mem}${driver}${g.uuid ? `, ${g.uuid}` : ''}`]);
  });
  rows.push(['nvml', fp.nvml.available ? `available: ${fp.nvml.reason}` : `unavailable: ${fp.nvml.reason}`]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
