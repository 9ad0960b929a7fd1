"""deploybench reference workload: early detection of malicious IPS/firewall log sequences.

A DeepLog-style next-event LSTM trained on benign event sequences (grouped by
external IP), flagging a sequence at its first event that is not among the
model's top-k predictions.  Depends only on the standard library, numpy and torch
(and `generate` on the standard library alone).  Python 3.7+, torch 1.10+.
"""

__version__ = "1.0.0"

#: Version of the result.json / meta.json / vocab.json layouts.
SCHEMA_VERSION = 1

#: Name of the workload as the harness knows it.
WORKLOAD_NAME = "lstm-logs"
