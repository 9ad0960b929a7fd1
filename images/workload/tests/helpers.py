"""Shared by the tests: the workload folder on sys.path, whether torch is there, running the CLI."""

import importlib
import os
import subprocess
import sys

WORKLOAD_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if WORKLOAD_DIR not in sys.path:
    sys.path.insert(0, WORKLOAD_DIR)


def _importable(*names):
    try:
        for name in names:
            importlib.import_module(name)
    except ImportError:
        return False
    return True


#: Whether the model and end-to-end tests can run (they skip, with the reason, otherwise).
HAVE_TORCH = _importable("numpy", "torch")


def run(*args):
    """python -m deploybench_workload ARGS with this interpreter: (exit status, stdout, stderr)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = WORKLOAD_DIR
    proc = subprocess.Popen(
        [sys.executable, "-m", "deploybench_workload"] + list(args), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    out, err = proc.communicate()
    return proc.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
