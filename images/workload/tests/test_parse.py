import json
import os
import shutil
import tempfile
import unittest

try:
    from .helpers import WORKLOAD_DIR
except ImportError:
    from helpers import WORKLOAD_DIR
del WORKLOAD_DIR  # imported for its side effect: the workload folder on sys.path

from deploybench_workload import parse
from deploybench_workload.errors import WorkloadError

GOOD = (
    'timestamp=2024-03-04T10:00:00.250Z devname=ips srcip=203.0.113.9 srcport=5555 dstip=10.0.0.5 dstport=443 '
    'proto=TCP action=Allow category=web signature="HTTP GET \\"x\\"" severity=info'
)


class ParseTest(unittest.TestCase):
    def test_good_line(self):
        ms, ip, event = parse.parse_line(GOOD)
        self.assertEqual(ip, "203.0.113.9")
        self.assertEqual(event, "Allow:web")
        self.assertEqual(ms, 1709546400250)
        fields = parse.parse_kv(GOOD)
        self.assertEqual(fields["signature"], 'HTTP GET "x"')
        self.assertEqual(fields["dstport"], "443")

    def test_event_keys(self):
        self.assertEqual(parse.parse_line(GOOD, "action")[2], "Allow")
        line = "ts=1709546400 src=198.51.100.7 dst=10.1.1.1 act=DROP"
        self.assertEqual(parse.parse_line(line)[2], "Drop:none")
        self.assertEqual(parse.parse_line(line)[0], 1709546400000)
        with self.assertRaises(WorkloadError):
            parse.parse_lines([GOOD], "bogus")

    def test_external_ip(self):
        self.assertEqual(parse.external_ip("10.30.1.2", "198.51.100.7"), "198.51.100.7")  # outbound
        self.assertEqual(parse.external_ip("198.51.100.7", "192.168.1.1"), "198.51.100.7")  # inbound
        self.assertEqual(parse.external_ip("172.20.0.1", "10.0.0.1"), "172.20.0.1")  # both internal: source
        self.assertTrue(parse.is_internal("fd00::1"))
        self.assertFalse(parse.is_internal("172.32.0.1"))
        self.assertTrue(parse.is_internal("100.64.3.3"))

    def test_timestamps(self):
        base = parse.parse_timestamp_ms("2024-03-04T10:00:00Z")
        self.assertEqual(parse.parse_timestamp_ms("2024-03-04 12:00:00+02:00"), base)
        self.assertEqual(parse.parse_timestamp_ms("2024-03-04T05:00:00.5-0500"), base + 500)
        self.assertEqual(parse.parse_timestamp_ms("1709546400123"), base + 123)
        self.assertEqual(parse.parse_timestamp_ms("1709546400.5"), base + 500)
        for bad in ("2024-13-01T00:00:00Z", "yesterday", "2024-03-04?10", "", "12"):
            self.assertIsNone(parse.parse_timestamp_ms(bad), bad)
        line = "date=2024-03-04 time=10:00:00 srcip=203.0.113.9 dstip=10.0.0.5 action=deny"
        self.assertEqual(parse.parse_line(line)[0], base)

    def test_malformed_lines_are_counted_not_fatal(self):
        lines = [
            GOOD,
            "",
            "   ",
            "-- MARK --",
            GOOD[: GOOD.index(" action=")],  # truncated
            GOOD.replace("2024-03-04T10:00:00.250Z", "2024-03-04?10"),  # bad timestamp
            GOOD.replace("srcip=203.0.113.9", "srcip=999.1.1.1"),  # bad IP
            GOOD.replace("srcip=203.0.113.9", "srcip="),  # empty IP
            'timestamp=2024-03-04T10:00:01Z msg="unterminated',
            "\x00\x01\x02 binary junk \ufffd",
            "key=value " * 500,
            "=== === ===",
            GOOD.replace("10:00:00.250", "10:00:00.100").replace("Allow", "Deny"),
        ]
        parsed = parse.parse_lines(lines)
        self.assertEqual(parsed.blank, 2)
        self.assertEqual(parsed.lines, len(lines) - 2)
        self.assertEqual(parsed.malformed, 9)
        self.assertEqual(parsed.ips, ["203.0.113.9"])
        # time-ordered within the IP although the file is not
        self.assertEqual(parsed.events, [["Deny:web", "Allow:web"]])

    def test_grouping_order(self):
        lines = [
            "timestamp=2024-01-01T00:00:02Z srcip=203.0.113.1 dstip=10.0.0.1 action=Allow category=web",
            "timestamp=2024-01-01T00:00:01Z srcip=203.0.113.2 dstip=10.0.0.1 action=Deny category=policy",
            "timestamp=2024-01-01T00:00:01Z srcip=10.0.0.9 dstip=203.0.113.1 action=Alert category=exfil",
            "timestamp=2024-01-01T00:00:02Z srcip=203.0.113.2 dstip=10.0.0.1 action=Reset category=web",
            "timestamp=2024-01-01T00:00:02Z srcip=203.0.113.2 dstip=10.0.0.1 action=Allow category=web",
        ]
        parsed = parse.parse_lines(lines)
        self.assertEqual(parsed.ips, ["203.0.113.1", "203.0.113.2"])
        self.assertEqual(parsed.events[0], ["Alert:exfil", "Allow:web"])
        self.assertEqual(parsed.events[1], ["Deny:policy", "Reset:web", "Allow:web"])  # ties keep file order

    def test_undecodable_bytes(self):
        tmp = tempfile.mkdtemp(prefix="dbw-parse-")
        try:
            path = os.path.join(tmp, "x.log")
            with open(path, "wb") as f:
                f.write(GOOD.encode() + b"\n\xff\xfe garbage \x80\n" + GOOD.encode() + b"\r\n")
            parsed = parse.parse_lines(parse.read_lines(path))
            self.assertEqual((parsed.lines, parsed.malformed), (3, 1))
            with self.assertRaises(WorkloadError):
                parse.read_lines(os.path.join(tmp, "missing.log"))
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def test_labels(self):
        tmp = tempfile.mkdtemp(prefix="dbw-labels-")
        try:
            self.assertIsNone(parse.load_labels(tmp, "train"))
            path = os.path.join(tmp, "labels.json")
            with open(path, "w") as f:
                json.dump({"train": {"1.2.3.4": "benign"}, "infer": {"5.6.7.8": "Malicious"}}, f)
            self.assertEqual(parse.load_labels(tmp, "train"), {"1.2.3.4": "benign"})
            self.assertEqual(parse.load_labels(tmp, "infer"), {"5.6.7.8": "malicious"})
            with open(path, "w") as f:
                json.dump({"infer": {"5.6.7.8": "malicious"}}, f)
            self.assertIsNone(parse.load_labels(tmp, "train"))
            with open(path, "w") as f:
                json.dump({"1.2.3.4": "benign"}, f)  # flat: both files
            self.assertEqual(parse.load_labels(tmp, "infer"), {"1.2.3.4": "benign"})
            with open(path, "w") as f:
                json.dump({"1.2.3.4": "evil"}, f)
            with self.assertRaises(WorkloadError):
                parse.load_labels(tmp, "infer")
            with open(path, "w") as f:
                f.write("{not json")
            with self.assertRaises(WorkloadError):
                parse.load_labels(tmp, "infer")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
