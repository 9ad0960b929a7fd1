"""The log readers (readers/): every format on fixtures made here, bad lines, split, labels, dataset.json."""

import json
import os
import shutil
import tempfile
import tracemalloc
import unittest

try:
    from . import logconvert
    from .helpers import WORKLOAD_DIR
except ImportError:
    import logconvert
    from helpers import WORKLOAD_DIR
del WORKLOAD_DIR  # imported for its side effect: the workload folder on sys.path

from deploybench_workload import generate, parse, readers
from deploybench_workload.errors import WorkloadError
from deploybench_workload.readers import stream
from deploybench_workload.readers.dataset import load_dataset
from deploybench_workload.readers.labels import read_labels
from deploybench_workload.readers.split import split

RECORD_FORMATS = ("suricata-eve", "fortigate", "panos", "csv", "jsonl")


class ReadersTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="dbw-readers-")
        generate.generate(cls.tmp, "tiny", 42)
        with open(os.path.join(cls.tmp, "train.log"), "r", encoding="utf-8") as f:
            cls.kv_lines = f.read().splitlines()
        with open(os.path.join(cls.tmp, "labels.json"), "r", encoding="utf-8") as f:
            cls.labels = json.load(f)["train"]
        cls.ref = readers.read(os.path.join(cls.tmp, "train.log"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def write(self, name, lines, raw=None):
        path = os.path.join(self.tmp, name)
        with open(path, "wb") as f:
            f.write(raw if raw is not None else "".join(line + "\n" for line in lines).encode("utf-8"))
        return path

    def convert(self, fmt):
        return self.write("train." + fmt, logconvert.convert_lines(fmt, self.kv_lines, self.labels))

    def test_kv_reader_is_todays_parser(self):
        old = parse.parse_lines(parse.read_lines(os.path.join(self.tmp, "train.log")))
        self.assertEqual((self.ref.lines, self.ref.blank, self.ref.malformed), (old.lines, old.blank, old.malformed))
        self.assertEqual(self.ref.ips, old.ips)
        self.assertEqual(self.ref.events, old.events)
        self.assertGreater(self.ref.malformed, 0)
        self.assertEqual(len(self.ref.malformed_lines), min(5, self.ref.malformed))
        bad = self.kv_lines[self.ref.malformed_lines[0]["line"] - 1]
        self.assertIsNone(parse.parse_line(bad))

    def test_every_format_gives_the_same_sessions(self):
        for fmt in RECORD_FORMATS:
            p = readers.read(self.convert(fmt), fmt)
            self.assertEqual((p.lines, p.malformed, p.ignored), (self.ref.lines, self.ref.malformed, 0), fmt)
            self.assertEqual(p.ips, self.ref.ips, fmt)
            self.assertEqual([len(s) for s in p.events], [len(s) for s in self.ref.events], fmt)
            self.assertEqual(p.starts, [ms // 1000 * 1000 for ms in self.ref.starts] if fmt == "panos" else self.ref.starts, fmt)
        for fmt in ("csv", "jsonl"):  # action and category columns: the kv events themselves, labels from the column
            p = readers.read(os.path.join(self.tmp, "train." + fmt), fmt)
            self.assertEqual(p.events, self.ref.events, fmt)
            self.assertEqual(p.field_labels, dict((ip, self.labels[ip]) for ip in p.ips), fmt)
        eve = readers.read(os.path.join(self.tmp, "train.suricata-eve"), "suricata-eve")
        pairs = set(zip((e for s in self.ref.events for e in s), (e for s in eve.events for e in s)))
        self.assertEqual(len(pairs), len(set(a for a, _ in pairs)))  # a function of the kv event ...
        self.assertEqual(len(pairs), len(set(b for _, b in pairs)))  # ... and one to one
        self.assertIn("Flow:dns", set(b for _, b in pairs))
        self.assertIn("Drop:detection of a network scan", set(b for _, b in pairs))
        seq = readers.read(self.write("s.txt", logconvert.convert_lines("sequences", self.kv_lines, self.labels)), "sequences")
        self.assertEqual(seq.ips, self.ref.ips)
        self.assertEqual(seq.events, [[e.replace(":", "_") for e in s] for s in self.ref.events])
        self.assertEqual((seq.malformed, seq.malformed_lines[0]["line"]), (1, len(self.ref.ips) + 1))

    def test_bad_lines_are_counted_with_their_numbers(self):
        good = logconvert.convert_lines("suricata-eve", self.kv_lines[:3])
        huge = '{"event_type": "alert", "pad": "' + "x" * (10 << 20) + '"}'
        lines = [good[0], "{not json", "", huge, '{"event_type": "alert", "src_ip": "1.2.3.4"}', "[1, 2]"]
        lines += ['{"event_type": "dns", "src_ip": "1.2.3.4"}', json.dumps(dict(json.loads(good[1]), event_type="alert", alert={"action": "allowed", "category": "Ünïcödé ✓"}), ensure_ascii=False), good[2]]
        raw = "".join(x + "\n" for x in lines).encode("utf-8") + b'{"a": "\xff\xfe"}\n{"nul": "\x00"}\n' + good[0].encode()
        tracemalloc.start()
        p = readers.read(self.write("bad.json", None, raw), "suricata-eve")
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        self.assertLess(peak, 4 << 20)  # the 10 MB line is never held whole
        self.assertEqual((p.lines, p.blank, p.ignored, p.malformed), (11, 1, 1, 6))
        self.assertEqual([m["line"] for m in p.malformed_lines], [2, 4, 5, 6, 10])
        self.assertIn("longer than", p.malformed_lines[1]["reason"])
        self.assertIn("invalid UTF-8", p.malformed_lines[4]["reason"])
        self.assertEqual(sum(len(s) for s in p.events), 4)
        self.assertTrue(any("ünïcödé ✓" in e for s in p.events for e in s))

    def test_empty_and_blank_files(self):
        for fmt in readers.FORMAT_NAMES:
            for raw in (b"", b"\n\n \r\n"):
                p = readers.read(self.write("empty." + fmt, None, raw), fmt)
                self.assertEqual((p.lines, p.malformed, p.ips), (0, 0, []), fmt)
        with self.assertRaises(WorkloadError):
            readers.read(os.path.join(self.tmp, "missing.log"), "jsonl")
        with self.assertRaises(WorkloadError):
            readers.read(os.path.join(self.tmp, "train.log"), "syslog")

    def test_fortigate_panos_fields(self):
        fg = [
            'date=2024-03-04 time=10:00:00 tz="-0100" type="traffic" subtype="forward" srcip=10.1.1.1 dstip=198.51.100.2 action="close" utmaction="block"',
            'eventtime=1709546400123456789 type="utm" subtype="ips" srcip=198.51.100.2 dstip=10.1.1.1 action="dropped"',
            'date=2024-03-04 time=10:00:01 type="event" subtype="system" action="login"',
        ]
        p = readers.read(self.write("fg.log", fg), "fortigate")
        self.assertEqual((p.ips, p.events, p.ignored), (["198.51.100.2"], [["Dropped:ips", "Block:forward"]], 1))
        self.assertEqual(p.starts, [1709546400123])
        pan = 'Mar  4 10:00:00 fw01 1,2024/03/04 10:00:00,0001,THREAT,spyware,2561,2024/03/04 09:59:59,203.0.113.7,10.2.2.2,' + ",".join(["x"] * 21) + ',reset-both,"evil.exe",1234,"Ünï",critical,server-to-client'
        p = readers.read(self.write("pan.csv", [pan, "1,2024/03/04 10:00:01,0001,SYSTEM,general" + ",x" * 30, "1,2,3"]), "panos")
        self.assertEqual((p.ips, p.events, p.ignored, p.malformed), (["203.0.113.7"], [["Reset-both:spyware"]], 1, 1))
        p = readers.read(os.path.join(self.tmp, "pan.csv"), "panos", {"event": "{action}/{threat_category}/{severity}", "time": "generated_time"})
        self.assertEqual((p.events, p.starts), ([["reset-both/Ünï/critical"]], [1709546399000]))

    def test_mapping_internal_and_time_formats(self):
        rows = ["when,a,b,verdict,kind", "04/03/2024 10:00:00,10.0.0.1,8.8.8.8,Deny,x", "04/03/2024 09:00:00,8.8.8.8,10.0.0.1,Allow,", "bad,1,2,3,4"]
        path = self.write("m.csv", rows)
        mapping = {"time": "when", "timeFormat": "%d/%m/%Y %H:%M:%S", "src": "a", "dst": "b", "action": "verdict", "category": "kind"}
        p = readers.read(path, "csv", mapping)
        self.assertEqual((p.ips, p.events, p.malformed), (["8.8.8.8"], [["Allow:none", "Deny:x"]], 1))
        self.assertEqual(p.mapping["time"], ["when"])
        p = readers.read(path, "csv", mapping, internal=["8.0.0.0/8"])  # 8.8.8.8 internal, 10.0.0.1 not
        self.assertEqual(p.ips, ["10.0.0.1"])
        p = readers.read(path, "csv", dict(mapping, key="src", event="action"))
        self.assertEqual((p.ips, p.events), (["10.0.0.1", "8.8.8.8"], [["Deny"], ["Allow"]]))
        for bad in ({"time": "when", "timeFormat": "yyyy"}, {"event": "nope"}, {"colour": "x"}):
            with self.assertRaises(WorkloadError):
                readers.read(path, "csv", bad)
        with self.assertRaises(WorkloadError):
            readers.read(path, "csv", internal=["10.0.0.0/33"])

    def test_split_chronological_and_random(self):
        n = len(self.ref.ips)
        train, infer = (split(self.ref, role, "chronological", 0.8, 1) for role in ("train", "infer"))
        self.assertEqual(len(train.ips) + len(infer.ips), n)
        self.assertEqual(set(train.ips) & set(infer.ips), set())
        self.assertLessEqual(max(train.starts), min(infer.starts))
        self.assertEqual((train.split["kind"], train.split["trainSequences"]), ("chronological", int(0.8 * n + 0.5)))
        r1, r2, r3 = split(self.ref, "train", "random", 0.5, 7), split(self.ref, "train", "random", 0.5, 7), split(self.ref, "train", "random", 0.5, 8)
        self.assertEqual(r1.ips, r2.ips)
        self.assertNotEqual(r1.ips, r3.ips)
        self.assertEqual(r1.split["seed"], 7)

    def test_label_files_and_dataset_json(self):
        listed = read_labels(self.write("bad.txt", ["# malicious sessions", "7", "", "9"]), "train")
        self.assertEqual((listed.get("7"), listed.get("8")), ("malicious", "benign"))
        table = read_labels(self.write("lab.csv", ["BlockId,Label", "blk_1,Anomaly", "blk_2,Normal"]), "infer")
        self.assertEqual((table.get("blk_1"), table.get("blk_2"), table.get("blk_3")), ("malicious", "benign", None))
        with self.assertRaises(WorkloadError):
            read_labels(self.write("lab2.csv", ["a,1", "b,maybe"]), "train")
        folder = tempfile.mkdtemp(dir=self.tmp)
        self.assertIsNone(load_dataset(folder))
        shutil.copy(self.convert("jsonl"), os.path.join(folder, "all.jsonl"))
        good = {"format": "jsonl", "path": "all.jsonl", "split": {"kind": "random", "trainShare": 0.7}}
        for doc, needle in (
            (good, None),
            (dict(good, format="syslog"), "format"),
            (dict(good, train="all.jsonl"), "either path"),
            (dict(good, split={"kind": "files"}), "files needs"),
            (dict(good, split={"trainShare": 1}), "trainShare"),
            (dict(good, path="nope.jsonl"), "not found"),
            (dict(good, colour=1), "unknown key"),
            (dict(good, internal="10.0.0.0/8"), "internal"),
            ({"format": "jsonl", "train": "all.jsonl", "infer": "all.jsonl", "split": {"kind": "files", "trainShare": None}}, None),
            ({"format": "jsonl", "train": "all.jsonl", "infer": "all.jsonl", "split": {"trainShare": 0.5}}, "one file"),
        ):
            with open(os.path.join(folder, "dataset.json"), "w") as f:
                json.dump(doc, f)
            if needle is None:
                want = {"kind": "random", "trainShare": 0.7} if "path" in doc else {"kind": "files", "trainShare": None}
                self.assertEqual(load_dataset(folder)["split"], want)
            else:
                with self.assertRaises(WorkloadError) as ctx:
                    load_dataset(folder)
                self.assertIn(needle, str(ctx.exception))

    def test_line_cap_boundary(self):
        exact = b"a" * stream.MAX_LINE_BYTES
        path = self.write("cap.txt", None, exact + b"\n" + exact + b"b\nx y\n")
        tally = stream.Tally()
        got = list(stream.text_lines(path, tally))
        self.assertEqual([(n, len(t)) for n, t in got], [(1, stream.MAX_LINE_BYTES), (3, 3)])
        self.assertEqual((tally.lines, tally.malformed, tally.first_malformed[0]["line"]), (3, 1, 2))


if __name__ == "__main__":
    unittest.main()
