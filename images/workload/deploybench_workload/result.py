"""result.json: its typed shape, and writing it as strict JSON.

Every class here is one object of result.json; field names and their order are the JSON
keys and their order (hence camelCase), so `dataclasses.asdict` gives the file. The README
(result.json) documents every field with its unit. Dataclasses, not TypedDict: Python 3.7.
"""

import json
import os
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, List, Optional, Union

from . import SCHEMA_VERSION, WORKLOAD_NAME, __version__


@dataclass
class Phases:
    """Seconds per phase (time.perf_counter, CUDA synchronised at boundaries); None where a phase does not apply."""

    importSeconds: Optional[float] = None
    loadSeconds: Optional[float] = None
    preprocessSeconds: Optional[float] = None
    trainEpochSeconds: List[float] = field(default_factory=list)
    trainSeconds: Optional[float] = None
    saveSeconds: Optional[float] = None
    inferSeconds: Optional[float] = None
    detectSeconds: Optional[float] = None
    totalSeconds: Optional[float] = None


@dataclass
class Throughput:
    windowsPerSecond: Optional[float]


@dataclass
class TrainConfig:
    window: int
    topk: int
    hidden: int
    layers: int
    learningRate: float
    epochs: int
    batchSize: int
    eventKey: str
    threadsRequested: Optional[int]
    deviceRequested: str


@dataclass
class InferConfig:
    window: int
    topk: int
    hidden: int
    layers: int
    eventKey: str
    inferChunk: int
    threadsRequested: Optional[int]
    deviceRequested: str


@dataclass
class TrainMetrics:
    finalLoss: Optional[float]
    topkAccuracy: float
    topk: int  # g
    window: int  # h
    epochs: int


@dataclass
class KScore:
    """Detection quality at one k (metrics.byK)."""

    precision: Optional[float]
    recall: Optional[float]
    specificity: Optional[float]
    f1: Optional[float]
    edr: Optional[float]
    tp: int
    fp: int
    tn: int
    fn: int


@dataclass
class InferMetrics:
    tp: int
    fp: int
    tn: int
    fn: int
    precision: Optional[float]
    recall: Optional[float]
    specificity: Optional[float]
    f1: Optional[float]
    accuracy: Optional[float]
    edr: Optional[float]
    topk: int  # g: a window is normal when its next event is among the g most likely
    window: int  # h: events of context per window
    shortSequences: int
    classifiedSequences: int
    flaggedSequences: int
    labelled: bool
    byK: Dict[str, KScore]


@dataclass
class TrainData:
    file: str
    lines: int
    blankLines: int
    malformed: int
    sequences: int
    labelled: bool
    trainingSequences: int
    skippedMaliciousSequences: int
    skippedUnlabelledSequences: int
    shortSequences: int
    windows: int
    eventTypes: int
    format: str = "kv"  # the reader: kv, suricata-eve, fortigate, panos, csv, jsonl, sequences
    ignoredLines: int = 0  # well-formed lines of a kind the format does not use (e.g. EVE dns events)
    malformedLines: List[Dict[str, Any]] = field(default_factory=list)  # the first 5: {line, reason}
    mapping: Optional[Dict[str, Any]] = None  # the mapping in effect (fields, time format, event)
    internal: Optional[List[str]] = None  # internal CIDRs; None = the default private ranges
    split: Optional[Dict[str, Any]] = None  # {kind: files|chronological|random, trainShare, seed, counts}


@dataclass
class InferData:
    file: str
    lines: int
    blankLines: int
    malformed: int
    sequences: int
    labelled: bool
    shortSequences: int
    shortMaliciousSequences: int
    classifiedSequences: int
    maliciousSequences: int
    benignSequences: int
    unlabelledSequences: int
    windows: int
    unseenEventWindows: int
    unseenEventTypes: int
    eventTypes: int
    format: str = "kv"  # the reader: kv, suricata-eve, fortigate, panos, csv, jsonl, sequences
    ignoredLines: int = 0  # well-formed lines of a kind the format does not use (e.g. EVE dns events)
    malformedLines: List[Dict[str, Any]] = field(default_factory=list)  # the first 5: {line, reason}
    mapping: Optional[Dict[str, Any]] = None  # the mapping in effect (fields, time format, event)
    internal: Optional[List[str]] = None  # internal CIDRs; None = the default private ranges
    split: Optional[Dict[str, Any]] = None  # {kind: files|chronological|random, trainShare, seed, counts}


@dataclass
class ModelInfo:
    sha256: str
    parameters: int
    numClasses: int


@dataclass
class Gpu:
    """Peaks of torch's CUDA caching allocator in bytes; None on CPU."""

    frameworkPeakBytes: Optional[int]
    frameworkPeakAllocatedBytes: Optional[int]


@dataclass
class Result:
    """The whole result.json of a train or infer job."""

    job: str
    preset: str
    seed: int
    config: Union[TrainConfig, InferConfig]
    framework: Dict[str, Any]  # fingerprint.framework(); its keys are listed in the README
    phases: Phases
    throughput: Throughput
    metrics: Union[TrainMetrics, InferMetrics]
    lossCurve: List[Optional[float]]
    data: Union[TrainData, InferData]
    model: ModelInfo
    gpu: Gpu

    def to_json(self):
        """The document as written: identity fields first, then the rest in field order."""
        doc = {"schemaVersion": SCHEMA_VERSION, "workload": WORKLOAD_NAME, "workloadVersion": __version__}
        doc.update(asdict(self))
        return doc


def finite(obj):
    """obj with NaN and infinities (e.g. a diverged loss) as None: result.json stays strict JSON."""
    if isinstance(obj, float):
        return obj if obj == obj and obj not in (float("inf"), float("-inf")) else None
    if isinstance(obj, dict):
        return dict((k, finite(v)) for k, v in obj.items())
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    return obj


def dumps(obj):
    """Strict JSON text of a plain object (non-finite floats as null), one space of indent."""
    return json.dumps(finite(obj), indent=1, sort_keys=False, allow_nan=False) + "\n"


def write_json(path, obj):
    """Write obj as JSON atomically (temporary file, then rename)."""
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(dumps(obj))
    os.replace(tmp, path)
