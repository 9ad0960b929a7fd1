import type { HostFingerprint } from './fingerprint-schema.ts';

const GIB = 1024 ** 3;

// A field the host did not expose (or an older campaign did not record) prints as '?'.
const shown = (v: string | number | null): string => (v === null ? '?' : String(v));

function ghz(fp: HostFingerprint): string {
  const { baseGhz, maxGhz } = fp.cpu;
  if (baseGhz === null && maxGhz === null) return 'frequency unknown';
  if (maxGhz === null || maxGhz === baseGhz) return `${baseGhz} GHz`;
  return `${baseGhz ?? '?'}-${maxGhz} GHz`;
}

/** The fingerprint as aligned `key  value` lines, for `deploybench fingerprint` (pure). */
export function formatFingerprint(fp: HostFingerprint): string {
  const rows: [string, string][] = [
    ['host', shown(fp.hostname)],
    [
      'cpu',
      `${shown(fp.cpu.model)} (${shown(fp.cpu.physicalCores)} cores, ${shown(fp.cpu.logicalCpus)} threads, ${ghz(fp)})`,
    ],
    ['memory', fp.memoryTotalBytes === null ? '?' : `${(fp.memoryTotalBytes / GIB).toFixed(1)} GiB`],
    [
      'os',
      `${shown(fp.os.distro)} ${shown(fp.os.release)}${fp.os.codename ? ` (${fp.os.codename})` : ''}, kernel ${shown(fp.os.kernel)}, ${shown(fp.os.arch)}`,
    ],
    ['cgroup', fp.cgroupVersion === null ? 'unknown' : `v${fp.cgroupVersion}`],
    [
      'docker',
      fp.docker
        ? `${fp.docker.version} (API ${shown(fp.docker.apiVersion)}, cgroup driver ${fp.docker.cgroupDriver ?? '?'}, storage ${fp.docker.storageDriver ?? '?'})`
        : `unavailable: ${fp.dockerError ?? 'unknown reason'}`,
    ],
  ];
  if (fp.gpus.length === 0) rows.push(['gpu', 'none']);
  fp.gpus.forEach((g, i) => {
    const mem = g.memoryTotalBytes === null ? '' : `, ${(g.memoryTotalBytes / GIB).toFixed(1)} GiB`;
    const driver = g.driverVersion ? `, driver ${g.driverVersion}` : '';
    rows.push([`gpu ${i}`, `${g.name}${mem}${driver}${g.uuid ? `, ${g.uuid}` : ''}`]);
  });
  const nvml =
    fp.nvml === null ? 'not recorded' : `${fp.nvml.available ? 'available' : 'unavailable'}: ${fp.nvml.reason}`;
  rows.push(['nvml', nvml]);
  const width = Math.max(...rows.map(([k]) => k.length));
  return `${rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n')}\n`;
}
