"""The layout of result.json (README, result.json), built from the typed result without a framework."""

import json
import unittest
from dataclasses import asdict, fields

try:
    from .helpers import WORKLOAD_DIR
except ImportError:
    from helpers import WORKLOAD_DIR
del WORKLOAD_DIR  # imported for its side effect: the workload folder on sys.path

from deploybench_workload import result as r

TOP = ["schemaVersion", "workload", "workloadVersion", "job", "preset", "seed", "config", "framework", "phases", "throughput", "metrics", "lossCurve", "data", "model", "gpu"]
PHASES = ["importSeconds", "loadSeconds", "preprocessSeconds", "trainEpochSeconds", "trainSeconds", "saveSeconds", "inferSeconds", "detectSeconds", "totalSeconds"]
KSCORE = ["precision", "recall", "specificity", "f1", "edr", "tp", "fp", "tn", "fn"]


def _infer_result():
    score = r.KScore(precision=None, recall=0.5, specificity=1.0, f1=None, edr=None, tp=1, fp=0, tn=2, fn=1)
    return r.Result(
        job="infer",
        preset="tiny",
        seed=42,
        config=r.InferConfig(window=10, topk=3, hidden=64, layers=2, eventKey="action", inferChunk=8192, threadsRequested=None, deviceRequested="cpu"),
        framework={"name": "torch"},
        phases=r.Phases(importSeconds=1.5, inferSeconds=float("nan")),
        throughput=r.Throughput(windowsPerSecond=None),
        metrics=r.InferMetrics(
            tp=1, fp=0, tn=2, fn=1, precision=1.0, recall=0.5, specificity=1.0, f1=2 / 3.0, accuracy=0.75, edr=0.4,
            topk=3, window=10, shortSequences=4, classifiedSequences=4, flaggedSequences=1, labelled=True, byK={"1": score},
        ),
        lossCurve=[],
        data=r.InferData(
            file="infer.log", lines=10, blankLines=0, malformed=1, sequences=8, labelled=True, shortSequences=4, shortMaliciousSequences=3,
            classifiedSequences=4, maliciousSequences=2, benignSequences=2, unlabelledSequences=0, windows=30, unseenEventWindows=0,
            unseenEventTypes=0, eventTypes=5,
        ),
        model=r.ModelInfo(sha256="ab", parameters=100, numClasses=6),
        gpu=r.Gpu(frameworkPeakBytes=None, frameworkPeakAllocatedBytes=None),
    )


#: The data section's reader fields, last in both TrainData and InferData.
SOURCE = ["format", "ignoredLines", "malformedLines", "mapping", "internal", "split"]


class ResultLayoutTest(unittest.TestCase):
    def test_infer_layout(self):
        doc = json.loads(r.dumps(_infer_result().to_json()))
        self.assertEqual(list(doc), TOP)
        self.assertEqual((doc["schemaVersion"], doc["workload"], doc["job"]), (1, "lstm-logs", "infer"))
        self.assertEqual(list(doc["phases"]), PHASES)
        self.assertEqual(doc["phases"]["trainEpochSeconds"], [])
        self.assertIsNone(doc["phases"]["inferSeconds"])  # NaN is written as null
        self.assertEqual(list(doc["config"]), ["window", "topk", "hidden", "layers", "eventKey", "inferChunk", "threadsRequested", "deviceRequested"])
        self.assertEqual(list(doc["metrics"])[:10], ["tp", "fp", "tn", "fn", "precision", "recall", "specificity", "f1", "accuracy", "edr"])
        self.assertEqual(list(doc["metrics"])[10:], ["topk", "window", "shortSequences", "classifiedSequences", "flaggedSequences", "labelled", "byK"])
        self.assertEqual(list(doc["metrics"]["byK"]["1"]), KSCORE)
        self.assertEqual(list(doc["model"]), ["sha256", "parameters", "numClasses"])
        self.assertEqual(doc["gpu"], {"frameworkPeakBytes": None, "frameworkPeakAllocatedBytes": None})

    def test_train_parts(self):
        config = r.TrainConfig(
            window=10, topk=3, hidden=64, layers=2, learningRate=1e-3, epochs=2, batchSize=16, eventKey="action+category", threadsRequested=1, deviceRequested="cpu"
        )
        self.assertEqual(
            list(asdict(config)),
            ["window", "topk", "hidden", "layers", "learningRate", "epochs", "batchSize", "eventKey", "threadsRequested", "deviceRequested"],
        )
        self.assertEqual(list(asdict(r.TrainMetrics(finalLoss=1.0, topkAccuracy=0.5, topk=3, window=10, epochs=2))), ["finalLoss", "topkAccuracy", "topk", "window", "epochs"])
        self.assertEqual(
            [f.name for f in fields(r.TrainData)],
            ["file", "lines", "blankLines", "malformed", "sequences", "labelled", "trainingSequences", "skippedMaliciousSequences", "skippedUnlabelledSequences", "shortSequences", "windows", "eventTypes"]
            + SOURCE,
        )


if __name__ == "__main__":
    unittest.main()
