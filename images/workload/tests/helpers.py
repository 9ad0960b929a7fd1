import importlib
import os
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
