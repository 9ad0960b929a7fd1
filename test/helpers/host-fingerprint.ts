// A typed host fingerprint (campaign.json `host`) for tests, with the fields a test cares about overridden.
import type { HostFingerprint } from '../../harness/sampling/fingerprint-schema.ts';

/** Overrides of a test host: top-level fields, and `cpu` / `os` merged field by field. */
export type HostOverrides = Partial<Omit<HostFingerprint, 'cpu' | 'os'>> & {
  cpu?: Partial<HostFingerprint['cpu']>;
  os?: Partial<HostFingerprint['os']>;
};

/** A 2-core Debian 12 box without GPUs (every field set), with `over` applied. */
export function testHost(over: HostOverrides = {}): HostFingerprint {
  const { cpu, os, ...rest } = over;
  return {
    collectedAt: '2026-01-01T00:00:00.000Z',
    hostname: 'test-host',
    memoryTotalBytes: 8 * 1024 ** 3,
    cgroupVersion: 2,
    docker: { version: '26.1.5', apiVersion: '1.45', cgroupDriver: 'cgroupfs', storageDriver: 'overlay2' },
    dockerError: null,
    gpus: [],
    nvml: { available: false, reason: 'no NVIDIA driver' },
    ...rest,
    cpu: {
      model: 'Intel Xeon (test)',
      vendor: 'GenuineIntel',
      physicalCores: 2,
      logicalCpus: 2,
      baseGhz: 2.2,
      maxGhz: null,
      ...cpu,
    },
    os: { distro: 'Debian GNU/Linux', release: '12', codename: 'bookworm', kernel: '6.1.0', arch: 'x64', ...os },
  };
}
