"""The framework a job runs on: torch imported and timed, seeds, determinism, device, the clock.

Importing this module does not import torch: `Runtime()` does, so that the import is
timed (phases.importSeconds) and a missing framework is a WorkloadError, not a traceback.
"""

import os
import random
import time

from . import presets as presets_mod
from .errors import WorkloadError
from .result import Gpu, Phases


def ensure_dir(path):
    """Create the folder path (and parents) unless it exists; a WorkloadError when it is a file."""
    if os.path.exists(path) and not os.path.isdir(path):
        raise WorkloadError("output path is not a folder: %s" % path)
    if not os.path.isdir(path):
        os.makedirs(path)


class Runtime(object):
    """State shared by both jobs: preset settings, framework setup, the clock, phases."""

    def __init__(self, args):
        self.t_start = time.perf_counter()
        self.args = args
        try:
            self.settings = presets_mod.get(args.preset)
        except KeyError:
            raise WorkloadError("unknown preset %r (expected one of %s)" % (args.preset, ", ".join(presets_mod.names())))
        self.phases = Phases()
        ensure_dir(args.out)
        t = time.perf_counter()
        # cuBLAS needs this before CUDA starts to be deterministic; harmless elsewhere.
        os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
        try:
            import numpy as np
            import torch
        except ImportError as e:
            raise WorkloadError("cannot import the framework (%s); this workload needs torch and numpy" % e)
        self.np = np
        self.torch = torch
        self.phases.importSeconds = time.perf_counter() - t
        self._setup()

    def _setup(self):
        torch, np, args = self.torch, self.np, self.args
        if args.threads is not None:
            torch.set_num_threads(args.threads)
        random.seed(args.seed)
        np.random.seed(args.seed % (2 ** 32))
        torch.manual_seed(args.seed)
        self.deterministic = True
        torch.backends.cudnn.deterministic = True
        torch.backends.cudnn.benchmark = False
        try:
            torch.use_deterministic_algorithms(True, warn_only=True)  # torch >= 1.11
        except (TypeError, AttributeError):
            self.deterministic = False  # torch 1.10 would raise on ops without a deterministic version
        try:
            # torch >= 2.1 would also fill every new tensor with NaN: a cost torch 1.x does not
            # have, which would bias stack comparisons; our results never read uninitialised memory.
            import torch.utils.deterministic as torch_deterministic

            torch_deterministic.fill_uninitialized_memory = False
        except (ImportError, AttributeError):
            pass
        self.device = self._pick_device(args.device)
        if self.device.type == "cuda":
            torch.cuda.set_device(self.device)
            torch.cuda.manual_seed_all(args.seed)
            torch.cuda.reset_peak_memory_stats(self.device)

    def _pick_device(self, name):
        torch = self.torch
        name = (name or "auto").strip().lower()
        if name == "auto":
            return torch.device("cuda", 0) if torch.cuda.is_available() else torch.device("cpu")
        if name == "cpu":
            return torch.device("cpu")
        if name == "cuda" or name.startswith("cuda:"):
            if not torch.cuda.is_available():
                raise WorkloadError(
                    "--device %s: CUDA is not available (torch %s, built for CUDA %s)" % (name, torch.__version__, torch.version.cuda)
                )
            index = int(name.split(":", 1)[1]) if ":" in name else 0
            if index >= torch.cuda.device_count():
                raise WorkloadError("--device %s: only %d CUDA device(s)" % (name, torch.cuda.device_count()))
            return torch.device("cuda", index)
        raise WorkloadError("unknown device %r (expected auto, cpu, cuda or cuda:N)" % name)

    def sync(self):
        if self.device.type == "cuda":
            self.torch.cuda.synchronize(self.device)

    def now(self):
        self.sync()
        return time.perf_counter()

    def gpu(self):
        """Peak reserved and allocated CUDA memory since the start (None on CPU)."""
        if self.device.type != "cuda":
            return Gpu(frameworkPeakBytes=None, frameworkPeakAllocatedBytes=None)
        return Gpu(
            frameworkPeakBytes=int(self.torch.cuda.max_memory_reserved(self.device)),
            frameworkPeakAllocatedBytes=int(self.torch.cuda.max_memory_allocated(self.device)),
        )
