import os
import sys

WORKLOAD_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if WORKLOAD_DIR not in sys.path:
    sys.path.insert(0, WORKLOAD_DIR)

try:
    import numpy  # noqa: F401
    import torch  # noqa: F401

    HAVE_TORCH = True
except ImportError:
    HAVE_TORCH = False
