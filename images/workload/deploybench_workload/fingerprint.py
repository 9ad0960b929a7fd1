"""Framework fingerprint: what computed the result.

Only facts of the software stack and the device it runs on (no hostnames, PIDs,
user names or absolute paths), so a bare-metal run and a container run of the
same image report the same fingerprint.
"""

import os
import platform
import re

import numpy as np
import torch

_CONFIG_LINE = re.compile(r"(BLAS|LAPACK|MKL|DNN|oneDNN|OpenMP|CPU capability|Math Kernel|NNPACK|CuDNN|CUDA Runtime|Magma)", re.I)
_SETTING = re.compile(r"\b(BLAS_INFO|LAPACK_INFO|USE_MKL|USE_MKLDNN|USE_OPENMP|USE_CUDA|USE_CUDNN|TORCH_VERSION|CUDA_VERSION|CUDNN_VERSION)=([^,\s]*)")
_LIB = re.compile(r"(blas|lapack|mkl|omp|dnnl|mkldnn|blis|atlas|flexiblas)", re.I)
_PATH = re.compile(r"(?:^|[\s=:])/[\w.+-]+/")
_GENERIC_DIRS = ("lib", "lib64", "x86_64-linux-gnu", "aarch64-linux-gnu", "powerpc64le-linux-gnu", "s390x-linux-gnu")
_ENV_KEYS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS")


def _config_show():
    try:
        return torch.__config__.show()
    except Exception:
        return ""


def loaded_math_libraries():
    """Math/threading libraries mapped into this process, as 'dir/name' (Debian alternatives) or 'name'."""
    try:
        with open("/proc/self/maps", "r") as f:
            maps = f.read().splitlines()
    except (IOError, OSError):
        return None
    found = set()
    for line in maps:
        parts = line.split(None, 5)
        if len(parts) < 6 or not parts[5].startswith("/"):
            continue
        path = parts[5].replace(" (deleted)", "")
        base = path.rsplit("/", 1)[-1]
        if ".so" not in base or not _LIB.search(base):
            continue
        parent = path.rsplit("/", 2)[-2] if path.count("/") >= 2 else ""
        if parent in _GENERIC_DIRS or "packages" in parent or not parent:
            found.add(base)
        else:
            found.add(parent + "/" + base)
    return sorted(found)


def blas_summary():
    """The BLAS/LAPACK/oneDNN/MKL/OpenMP part of torch.__config__.show(), plus what is actually loaded."""
    text = _config_show()
    lines = []
    settings = {}
    for raw in text.splitlines():
        line = raw.strip().lstrip("-").strip()
        if not line:
            continue
        if line.startswith("Build settings"):
            for key, value in _SETTING.findall(line):
                settings[key] = value
            continue
        if _CONFIG_LINE.search(line) and not _PATH.search(line):
            lines.append(line)
    capability = None
    try:
        capability = torch.backends.cpu.get_cpu_capability()  # torch >= 2.0
    except Exception:
        for line in lines:
            if line.lower().startswith("cpu capability usage:"):
                capability = line.split(":", 1)[1].strip()
    backends = torch.backends

    def available(mod):
        try:
            return bool(getattr(backends, mod).is_available())
        except Exception:
            return None

    return {
        "blasInfo": settings.get("BLAS_INFO"),
        "lapackInfo": settings.get("LAPACK_INFO"),
        "buildSettings": settings,
        "config": lines,
        "mkl": available("mkl"),
        "mkldnn": available("mkldnn"),
        "openmp": available("openmp"),
        "cpuCapability": capability,
        "loadedLibraries": loaded_math_libraries(),
    }


def cpu_model():
    try:
        with open("/proc/cpuinfo", "r") as f:
            for line in f:
                if line.lower().startswith(("model name", "hardware", "cpu model")):
                    return line.split(":", 1)[1].strip()
    except (IOError, OSError):
        pass
    return platform.processor() or platform.machine() or None


def framework(device, deterministic):
    """The framework fingerprint for result.json (call after the work, so lazily loaded libraries show)."""
    cudnn = None
    try:
        if torch.backends.cudnn.is_available():
            cudnn = torch.backends.cudnn.version()
    except Exception:
        cudnn = None
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        device_name = torch.cuda.get_device_name(index)
        capability = torch.cuda.get_device_capability(index)
        device_str = "cuda:%d" % index
        compute = "%d.%d" % capability
    else:
        device_name = cpu_model()
        device_str = "cpu"
        compute = None
    return {
        "name": "torch",
        "version": torch.__version__,
        "cuda": torch.version.cuda,
        "cudnn": cudnn,
        "python": platform.python_version(),
        "pythonImplementation": platform.python_implementation(),
        "numpy": np.__version__,
        "blas": blas_summary(),
        "threads": torch.get_num_threads(),
        "interopThreads": torch.get_num_interop_threads(),
        "device": device_str,
        "deviceName": device_name,
        "computeCapability": compute,
        "machine": platform.machine(),
        "env": dict((k, os.environ.get(k)) for k in _ENV_KEYS if os.environ.get(k) is not None),
        "deterministic": bool(deterministic),
    }
