"""Test fixtures: the synthetic key=value logs rewritten in the other formats, from each format's
documented fields (no third-party samples).  Also a command line, used by the harness's tests and
the parsing benchmark:

  python3 logconvert.py FORMAT KV_LOG OUT [--labels labels.json --section train]

Each kv line keeps its time, addresses, ports and event; an unparsable kv line is written as a
malformed line of the target format.  suricata-eve maps the 15 synthetic event types one to one
onto EVE alert/drop/flow events (so the default mapping yields the same sequences, renamed).
"""

import csv
import io
import json
import os
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from deploybench_workload import parse  # noqa: E402

#: kv category -> a Suricata classtype description (classification.config wording).
EVE_CLASS = {
    "web": "Potentially Bad Traffic",
    "exploit": "Attempted Administrator Privilege Gain",
    "exfil": "Potential Corporate Privacy Violation",
    "recon": "Detection of a Network Scan",
    "bruteforce": "Attempted User Privilege Gain",
    "policy": "Misc activity",
    "auth": "Unsuccessful User Privilege Gain",
    "inspection": "Not Suspicious Traffic",
    "tcp-reset": "Generic Protocol Command Decode",
}


def _eve_time(ms):
    import datetime

    t = datetime.datetime(1970, 1, 1) + datetime.timedelta(milliseconds=ms)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + "%06d+0000" % t.microsecond


def suricata(f, ms):
    action, category = f["action"], f["category"]
    doc = {"timestamp": _eve_time(ms), "flow_id": zlib.crc32(f["logid"].encode()), "in_iface": "eth0"}
    doc.update({"src_ip": f["srcip"], "src_port": int(f["srcport"]), "dest_ip": f["dstip"], "dest_port": int(f["dstport"]), "proto": f["proto"]})
    sig = {"signature_id": 2000000 + zlib.crc32(f["signature"].encode()) % 100000, "rev": 1, "signature": f["signature"], "severity": 2}
    if action == "Allow":
        doc.update({"event_type": "flow", "app_proto": category, "flow": {"pkts_toserver": 4, "bytes_toserver": int(f["sentbyte"]), "state": "closed"}})
    elif action == "Drop":
        doc.update({"event_type": "drop", "drop": {"len": 60, "reason": "rules"}, "alert": dict(sig, action="blocked", category=EVE_CLASS[category])})
    else:
        cat = {"Inline": "inspection", "Reset": "tcp-reset"}.get(action, category)
        doc.update({"event_type": "alert", "alert": dict(sig, action="blocked" if action in ("Deny", "Reset") else "allowed", category=EVE_CLASS[cat])})
    return json.dumps(doc, ensure_ascii=False)


def fortigate(f, ms):
    utm = f["action"] in ("Alert", "Drop")
    day = f["timestamp"][:10]
    clock = f["timestamp"][11:19]
    head = 'date=%s time=%s eventtime=%d tz="+0000" logid="%s" devname="fgt-01" vd="root"' % (day, clock, ms * 1000000, f["logid"])
    addr = "srcip=%s srcport=%s dstip=%s dstport=%s proto=6" % (f["srcip"], f["srcport"], f["dstip"], f["dstport"])
    if utm:
        action = {"Alert": "detected", "Drop": "dropped"}[f["action"]]
        return '%s type="utm" subtype="ips" %s action="%s" attack="%s" severity="%s" crlevel="%s"' % (head, addr, action, f["signature"], f["severity"], f["category"])
    action = {"Allow": "accept", "Inline": "accept", "Deny": "deny", "Reset": "server-rst"}[f["action"]]
    utmaction = ' utmaction="block"' if f["action"] == "Inline" else ""
    return '%s type="traffic" subtype="forward" %s action="%s"%s service="%s" sentbyte=%s rcvdbyte=%s' % (head, addr, action, utmaction, f["category"], f["sentbyte"], f["rcvdbyte"])


def panos(f, ms):
    t = f["timestamp"][:19].replace("-", "/").replace("T", " ")
    threat = f["action"] in ("Alert", "Drop")
    row = ["1", t, "012801000001", "THREAT" if threat else "TRAFFIC", "vulnerability" if threat else "end", "2561", t, f["srcip"], f["dstip"]]
    row += ["0.0.0.0", "0.0.0.0", "rule-" + f["category"], "", "", f["category"], "vsys1", "untrust", "trust", "ethernet1/1", "ethernet1/2", "fwd"]
    row += [t, str(zlib.crc32(f["logid"].encode()) % 10 ** 6), "1", f["srcport"], f["dstport"], "0", "0", "0x0", f["proto"].lower()]
    action = {"Allow": "allow", "Inline": "allow", "Alert": "alert", "Drop": "drop", "Deny": "deny", "Reset": "reset-both"}[f["action"]]
    row.append(action)
    row += ([f["signature"] + "(" + f["category"] + ")", "30000", f["category"], f["severity"], "client-to-server"] if threat else [f["sentbyte"], f["sentbyte"], f["rcvdbyte"], "10", t, "1", f["category"]])
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(row)
    return buf.getvalue()


CSV_COLUMNS = ["time", "src", "dst", "action", "category", "signature", "label"]


def table(f, ms, label, as_json):
    row = [f["timestamp"], f["srcip"], f["dstip"], f["action"], f["category"], f["signature"], label or ""]
    if as_json:
        return json.dumps(dict(zip(CSV_COLUMNS, row)), ensure_ascii=False)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(row)
    return buf.getvalue()


def convert_lines(fmt, lines, labels=None):
    """The kv lines in fmt (a list of text lines); sequences: one line per external IP."""
    out = ["time,src,dst,action,category,signature,label"] if fmt == "csv" else []
    for line in lines:
        f = parse.parse_kv(line)
        got = parse.parse_line(line)
        if got is None and fmt == "sequences":
            continue
        if got is None:
            out.append({"suricata-eve": '{"timestamp": "broken', "csv": "broken,line"}.get(fmt, "-- MARK --"))
            continue
        ms, ip, _ = got
        label = (labels or {}).get(ip)
        if fmt == "suricata-eve":
            out.append(suricata(f, ms))
        elif fmt == "fortigate":
            out.append(fortigate(f, ms))
        elif fmt == "panos":
            out.append(panos(f, ms))
        elif fmt in ("csv", "jsonl"):
            out.append(table(f, ms, label, fmt == "jsonl"))
    if fmt == "sequences":
        parsed = parse.parse_lines(lines)
        for ip, events in zip(parsed.ips, parsed.events):
            lab = (labels or {}).get(ip)
            out.append("%s\t%s%s" % (ip, " ".join(e.replace(":", "_") for e in events), "\t" + lab if lab else ""))
        out.append("a\tb\tbenign\textra column")  # malformed: four columns
    return out


def main(argv):
    fmt, src, dst = argv[0], argv[1], argv[2]
    labels = None
    if "--labels" in argv:
        with open(argv[argv.index("--labels") + 1], "r", encoding="utf-8") as fl:
            labels = json.load(fl)
        if "--section" in argv:
            labels = labels[argv[argv.index("--section") + 1]]
    with open(src, "r", encoding="utf-8", errors="replace") as fi:
        lines = fi.read().splitlines()
    with open(dst, "w", encoding="utf-8") as fo:
        for line in convert_lines(fmt, lines, labels):
            fo.write(line + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
