import koffi from 'koffi';
import { errorMessage, HarnessError } from '../../core/errors.ts';
import * as C from './constants.ts';
import {
  decodeMemory,
  decodeProcesses,
  decodeString,
  decodeUtilization,
  type NvmlMemory,
  type NvmlProcess,
  type NvmlUtilization,
} from './decode.ts';

export type { NvmlMemory, NvmlProcess, NvmlUtilization } from './decode.ts';

/** An opaque nvmlDevice_t handle. */
export type NvmlDevice = unknown;

/** The NVML functions deploybench uses, each as a Promise run off the event loop (koffi `.async`). */
export interface NvmlBinding {
  /** The library path or name that was loaded. */
  readonly libPath: string;
  init(): Promise<void>;
  shutdown(): Promise<void>;
  driverVersion(): Promise<string>;
  deviceCount(): Promise<number>;
  deviceHandle(index: number): Promise<NvmlDevice>;
  deviceName(device: NvmlDevice): Promise<string>;
  deviceUuid(device: NvmlDevice): Promise<string>;
  memoryInfo(device: NvmlDevice): Promise<NvmlMemory>;
  /** CUDA compute capability, e.g. "9.0" (nvmlDeviceGetCudaComputeCapability); null when the call fails. */
  computeCapability(device: NvmlDevice): Promise<string | null>;
  /** Null when the device does not support it (NVML_ERROR_NOT_SUPPORTED, e.g. a MIG instance). */
  utilization(device: NvmlDevice): Promise<NvmlUtilization | null>;
  /** Compute processes on the device (host PIDs), via nvmlDeviceGetComputeRunningProcesses_v3. */
  computeProcesses(device: NvmlDevice): Promise<NvmlProcess[]>;
}

/** The library path to load: $DEPLOYBENCH_NVML_LIB, else `libnvidia-ml.so.1` through the dynamic loader. */
export function nvmlLibraryPath(): string {
  return process.env.DEPLOYBENCH_NVML_LIB ?? C.NVML_LIBRARY;
}

// nvmlDevice_t is a pointer to this opaque struct; declared once per process (koffi type names are global).
koffi.opaque('nvmlDevice_st');

type AsyncFn = { async: (...args: unknown[]) => void };

function call(fn: AsyncFn, ...args: unknown[]): Promise<number> {
  return new Promise((resolve, reject) =>
    fn.async(...args, (err: unknown, res: number) =>
      err ? reject(err instanceof Error ? err : new Error(errorMessage(err))) : resolve(res),
    ),
  );
}

/** Loads NVML with koffi; throws E_NVML when the library or one of its symbols is missing. Does not call nvmlInit. */
export function loadNvml(libPath = nvmlLibraryPath()): NvmlBinding {
  const f = bindFunctions(openLibrary(libPath), libPath);
  const check: Check = (what, code) => {
    if (code !== C.NVML_SUCCESS) throw nvmlError(what, code, f.errorString(code), libPath);
  };
  const text = async (what: string, g: AsyncFn, size: number, ...head: unknown[]): Promise<string> => {
    const buf = Buffer.alloc(size);
    check(what, await call(g, ...head, buf, size));
    return decodeString(buf);
  };
  return {
    libPath,
    init: async () => check('nvmlInit_v2', await call(f.init)),
    shutdown: async () => check('nvmlShutdown', await call(f.shutdown)),
    driverVersion: () => text('nvmlSystemGetDriverVersion', f.driver, C.DRIVER_VERSION_BUFFER_SIZE),
    async deviceCount() {
      const out = [0];
      check('nvmlDeviceGetCount_v2', await call(f.count, out));
      return out[0] as number;
    },
    async deviceHandle(index) {
      const out: unknown[] = [null];
      check('nvmlDeviceGetHandleByIndex_v2', await call(f.handle, index, out));
      return out[0];
    },
    deviceName: (device) => text('nvmlDeviceGetName', f.name, C.NAME_BUFFER_SIZE, device),
    deviceUuid: (device) => text('nvmlDeviceGetUUID', f.uuid, C.UUID_BUFFER_SIZE, device),
    ...deviceQueries(f, check),
  };
}

/** Throws the E_NVML error of a failed NVML call. */
type Check = (what: string, code: number) => void;

type NvmlFunctions = ReturnType<typeof bindFunctions>;

function openLibrary(libPath: string): koffi.IKoffiLib {
  try {
    return koffi.load(libPath);
  } catch (error) {
    throw new HarnessError(
      'E_NVML',
      `Cannot load the NVIDIA management library ${libPath}: ${(error as Error).message}.`,
      {
        fix: 'Install the NVIDIA driver (it ships libnvidia-ml.so.1) or set DEPLOYBENCH_NVML_LIB to its path.',
        cause: error,
      },
    );
  }
}

// The NVML symbols deploybench uses, with their C signatures (the real ABI of libnvidia-ml.so.1).
function bindFunctions(lib: koffi.IKoffiLib, libPath: string) {
  const fn = (signature: string): AsyncFn => {
    try {
      return lib.func(signature);
    } catch (error) {
      throw new HarnessError(
        'E_NVML',
        `${libPath} lacks a function deploybench needs (${signature}): ${(error as Error).message}.`,
        {
          fix: 'Update the NVIDIA driver (nvmlDeviceGetComputeRunningProcesses_v3 needs driver 510 or newer).',
          cause: error,
        },
      );
    }
  };
  return {
    init: fn('int nvmlInit_v2()'),
    shutdown: fn('int nvmlShutdown()'),
    errorString: lib.func('const char *nvmlErrorString(int result)') as (code: number) => string,
    driver: fn('int nvmlSystemGetDriverVersion(_Out_ uint8_t *version, unsigned int length)'),
    count: fn('int nvmlDeviceGetCount_v2(_Out_ unsigned int *count)'),
    handle: fn('int nvmlDeviceGetHandleByIndex_v2(unsigned int index, _Out_ nvmlDevice_st **device)'),
    name: fn('int nvmlDeviceGetName(nvmlDevice_st *device, _Out_ uint8_t *name, unsigned int length)'),
    uuid: fn('int nvmlDeviceGetUUID(nvmlDevice_st *device, _Out_ uint8_t *uuid, unsigned int length)'),
    memory: fn('int nvmlDeviceGetMemoryInfo(nvmlDevice_st *device, _Out_ uint8_t *memory)'),
    util: fn('int nvmlDeviceGetUtilizationRates(nvmlDevice_st *device, _Out_ uint8_t *utilization)'),
    cc: fn('int nvmlDeviceGetCudaComputeCapability(nvmlDevice_st *device, _Out_ int *major, _Out_ int *minor)'),
    procs: fn(
      'int nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_st *device, _Inout_ unsigned int *infoCount, _Out_ uint8_t *infos)',
    ),
  };
}

// Per-device queries whose results are structs (memory, utilisation, processes) or optional (compute capability).
function deviceQueries(
  f: NvmlFunctions,
  check: Check,
): Pick<NvmlBinding, 'memoryInfo' | 'computeCapability' | 'utilization' | 'computeProcesses'> {
  // Reused between calls; grown when NVML reports more processes than it holds.
  let procCapacity = 16;
  return {
    async memoryInfo(device) {
      const buf = Buffer.alloc(C.MEMORY_INFO_SIZE);
      check('nvmlDeviceGetMemoryInfo', await call(f.memory, device, buf));
      return decodeMemory(buf);
    },
    async computeCapability(device) {
      const major = [0];
      const minor = [0];
      const code = await call(f.cc, device, major, minor);
      return code === C.NVML_SUCCESS ? `${major[0]}.${minor[0]}` : null;
    },
    async utilization(device) {
      const buf = Buffer.alloc(C.UTILIZATION_SIZE);
      const code = await call(f.util, device, buf);
      if (code === C.NVML_ERROR_NOT_SUPPORTED) return null;
      check('nvmlDeviceGetUtilizationRates', code);
      return decodeUtilization(buf);
    },
    async computeProcesses(device) {
      // The list can grow between the size query and the fetch: retry a few times with the count NVML returns.
      for (let attempt = 0; attempt < 5; attempt++) {
        const buf = Buffer.alloc(procCapacity * C.PROCESS_INFO_SIZE);
        const count = [procCapacity];
        const code = await call(f.procs, device, count, buf);
        const n = count[0] as number;
        if (code === C.NVML_SUCCESS) return decodeProcesses(buf, n);
        if (code !== C.NVML_ERROR_INSUFFICIENT_SIZE) check('nvmlDeviceGetComputeRunningProcesses_v3', code);
        procCapacity = Math.max(procCapacity * 2, n + 8);
      }
      throw new HarnessError(
        'E_NVML',
        'nvmlDeviceGetComputeRunningProcesses_v3 kept returning NVML_ERROR_INSUFFICIENT_SIZE (the process list grows faster than it can be read).',
      );
    },
  };
}

function nvmlError(what: string, code: number, message: string, libPath: string): HarnessError {
  const fix =
    code === C.NVML_ERROR_DRIVER_NOT_LOADED
      ? 'Load the NVIDIA kernel driver (`nvidia-smi` should list the GPUs), or run without GPU metrics.'
      : code === C.NVML_ERROR_UNINITIALIZED
        ? 'This is a bug in deploybench: NVML was used before nvmlInit_v2 succeeded.'
        : `Check the GPU with \`nvidia-smi\`; NVML is loaded from ${libPath}.`;
  return new HarnessError('E_NVML', `${what} failed: ${message} (NVML error ${code}).`, { fix });
}
