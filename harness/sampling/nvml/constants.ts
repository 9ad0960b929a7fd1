/** nvmlReturn_t codes used by the binding (values from NVIDIA's nvml.h). */
export const NVML_SUCCESS = 0;
/** NVML was not initialised (nvmlInit_v2 not called or failed). */
export const NVML_ERROR_UNINITIALIZED = 1;
/** The device does not support the query (e.g. utilisation under MIG). */
export const NVML_ERROR_NOT_SUPPORTED = 3;
/** The caller's buffer was too small; the needed count is returned. */
export const NVML_ERROR_INSUFFICIENT_SIZE = 7;
/** The NVIDIA kernel driver is not loaded. */
export const NVML_ERROR_DRIVER_NOT_LOADED = 9;

/** usedGpuMemory value meaning "not available" (NVML_VALUE_NOT_AVAILABLE, all 64 bits set). */
export const NVML_VALUE_NOT_AVAILABLE = 0xffff_ffff_ffff_ffffn;

/** Buffer sizes from nvml.h (NVML_DEVICE_UUID_V2_BUFFER_SIZE, NVML_DEVICE_NAME_V2_BUFFER_SIZE, NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE). */
export const UUID_BUFFER_SIZE = 96;
/** See UUID_BUFFER_SIZE. */
export const NAME_BUFFER_SIZE = 96;
/** See UUID_BUFFER_SIZE. */
export const DRIVER_VERSION_BUFFER_SIZE = 80;

/** Layout of nvmlProcessInfo_t (v3): pid u32 @0, 4 bytes padding, usedGpuMemory u64 @8, gpuInstanceId u32 @16, computeInstanceId u32 @20. */
export const PROCESS_INFO_SIZE = 24;
/** Layout of nvmlMemory_t: total @0, free @8, used @16, all u64. */
export const MEMORY_INFO_SIZE = 24;
/** Layout of nvmlUtilization_t: gpu u32 @0, memory u32 @4. */
export const UTILIZATION_SIZE = 8;

/** Default file name of the library, resolved by the dynamic loader; overridden by $DEPLOYBENCH_NVML_LIB. */
export const NVML_LIBRARY = 'libnvidia-ml.so.1';
