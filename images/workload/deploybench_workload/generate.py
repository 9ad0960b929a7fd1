"""Seeded generator of synthetic IPS/firewall logs (key=value lines) with ground truth.

Standard library only, and only `random.Random(seed).random()` as a source of
randomness (every other draw is derived from it, synth_rng), integer arithmetic for
time, no dependence on hash order: the same seed gives byte-identical files on
every Python 3.7+.

The traffic is inbound to an organisation's services (DNS, web, mail, VPN/SSO,
file transfer) from external IPs; each external IP is one sequence, either
benign or malicious (behaviour models: synth_behaviour; line format: synth_lines).

Class balance as in the paper: about 26% of the (well-formed) log lines and 83%
of the sequences are malicious; sequence lengths are heavy-tailed, malicious
sequences short, benign ones long.  A few malformed lines (about 0.2%) are mixed
in to exercise the parser.

The order of the draws is part of the output: changing it changes every file.
"""

import hashlib
import json
import os

from . import SCHEMA_VERSION, WORKLOAD_NAME
from . import presets as presets_mod
from . import synth_behaviour as behaviour
from . import synth_lines as lines_mod
from .synth_rng import Rng, heavy_lengths

MALICIOUS_LINE_SHARE = 0.26
MALICIOUS_SEQUENCE_SHARE = 0.83
MALICIOUS_MEAN_LENGTH = 20
MALFORMED_RATE = 0.002

#: Generated time span per file, and where each file starts (days after synth_lines.BASE).
SPAN_MS = 24 * 3600 * 1000
FILE_OFFSET_DAYS = {"train": 0, "infer": 7}


class _Plan(object):
    """How many lines and sequences of each class one file gets, and their lengths."""

    def __init__(self, rng, lines, window):
        lines = max(int(lines), 40)
        self.mal_lines = int(round(lines * MALICIOUS_LINE_SHARE))
        self.ben_lines = lines - self.mal_lines
        self.n_mal = max(1, int(round(self.mal_lines / float(MALICIOUS_MEAN_LENGTH))))
        self.n_ben = max(1, int(round(self.n_mal * (1 - MALICIOUS_SEQUENCE_SHARE) / MALICIOUS_SEQUENCE_SHARE)))
        self.mal_lengths = heavy_lengths(rng, self.n_mal, self.mal_lines, 2, 1.5, 40.0)
        self.ben_lengths = heavy_lengths(rng, self.n_ben, self.ben_lines, 3 * window, 1.3, 25.0)
        #: (class, length) of every sequence, in generation order.
        self.seqs = [("malicious", n) for n in self.mal_lengths] + [("benign", n) for n in self.ben_lengths]
        rng.shuffle(self.seqs)


class _Traffic(object):
    """Every sequence drawn: its events in time, ground truth, and counts for the stats."""

    def __init__(self):
        self.records = []  # (ms, sequence index, position, event, ip)
        self.labels = {}  # ip -> 'malicious' or 'benign'
        self.kinds = {}  # ip -> 'benign' or the attack (diagnostics; not written)
        self.attacks = {}  # attack -> sequences
        self.short = {"malicious": 0, "benign": 0}
        self.prefix_total = 0


def _draw_traffic(rng, seqs, window):
    attack_pairs = [(name, spec[0]) for name, spec in sorted(behaviour.ATTACKS.items())]
    taken = set()
    traffic = _Traffic()
    for si, (cls, length) in enumerate(seqs):
        ip = lines_mod.public_ip(rng, taken)
        traffic.labels[ip] = cls
        if length < window + 1:
            traffic.short[cls] += 1
        if cls == "benign":
            events = behaviour.benign_events(rng, length)
            traffic.kinds[ip] = "benign"
        else:
            attack = rng.weighted(attack_pairs)
            traffic.attacks[attack] = traffic.attacks.get(attack, 0) + 1
            traffic.kinds[ip] = attack
            events, prefix = behaviour.malicious_events(rng, length, attack)
            traffic.prefix_total += prefix
        ms = rng.randint(0, SPAN_MS)
        for pos, (event, tempo) in enumerate(events):
            traffic.records.append((ms, si, pos, event, ip))
            lo, hi = behaviour.pause_range(tempo)
            ms += rng.randint(lo, hi)
    traffic.records.sort(key=lambda r: (r[0], r[1], r[2]))
    return traffic


def _render(rng, records, day_offset):
    """The log lines in time order, a malformed one now and then before a good one: (lines, malformed)."""
    out = []
    malformed = 0
    for logid, (ms, _, _, event, ip) in enumerate(records):
        ts = lines_mod.format_ts(ms, day_offset)
        line = lines_mod.line(rng, ts, event, ip, 1000000 + logid)
        if rng.random() < MALFORMED_RATE:
            out.append(lines_mod.malformed(rng, line, ts))
            malformed += 1
        out.append(line)
    return out, malformed


def _file_stats(plan, traffic, out, malformed, text):
    """The per-file entry of meta.json (see README, Files)."""
    n_seq = len(plan.seqs)
    short = traffic.short
    classified_mal = plan.n_mal - short["malicious"]
    classified = n_seq - short["malicious"] - short["benign"]
    return {
        "lines": len(out),
        "wellFormedLines": len(traffic.records),
        "malformedLines": malformed,
        "maliciousLines": plan.mal_lines,
        "benignLines": plan.ben_lines,
        "maliciousLineShare": round(plan.mal_lines / float(len(traffic.records)), 6),
        "sequences": n_seq,
        "maliciousSequences": plan.n_mal,
        "benignSequences": plan.n_ben,
        "maliciousSequenceShare": round(plan.n_mal / float(n_seq), 6),
        "shortSequences": short["malicious"] + short["benign"],
        "classifiableSequences": classified,
        "classifiableMaliciousShare": round(classified_mal / float(classified), 6) if classified else None,
        "meanLength": {
            "malicious": round(plan.mal_lines / float(plan.n_mal), 3),
            "benign": round(plan.ben_lines / float(plan.n_ben), 3),
        },
        "maxLength": {"malicious": max(plan.mal_lengths), "benign": max(plan.ben_lengths)},
        "meanBenignPrefixShare": round(traffic.prefix_total / float(plan.mal_lines), 6),
        "attacks": dict(sorted(traffic.attacks.items())),
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }


def generate_file(seed, name, lines, window=10, kinds_out=None):
    """Generate one log file: (text, labels {ip: class}, stats); kinds_out (a dict) gets {ip: attack or 'benign'}."""
    salt = {"train": 1, "infer": 2}.get(name, 3)
    rng = Rng(seed * 1000003 + salt)
    plan = _Plan(rng, lines, window)
    traffic = _draw_traffic(rng, plan.seqs, window)
    out, malformed = _render(rng, traffic.records, FILE_OFFSET_DAYS.get(name, 14))
    text = "\n".join(out) + "\n"
    if kinds_out is not None:
        kinds_out.update(traffic.kinds)
    return text, traffic.labels, _file_stats(plan, traffic, out, malformed, text)


def _dump(obj):
    return json.dumps(obj, indent=1, sort_keys=True, ensure_ascii=True) + "\n"


def _write(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)
    os.replace(tmp, path)


def generate(out_dir, preset, seed):
    """Write train.log, infer.log, labels.json and meta.json into out_dir; return meta."""
    settings = presets_mod.get(preset)
    if not os.path.isdir(out_dir):
        os.makedirs(out_dir)
    labels = {}
    files = {}
    for name, key in (("train", "trainLines"), ("infer", "inferLines")):
        text, file_labels, stats = generate_file(seed, name, settings[key], settings["window"])
        _write(os.path.join(out_dir, name + ".log"), text)
        labels[name] = file_labels
        files[name] = stats
    _write(os.path.join(out_dir, "labels.json"), _dump(labels))
    meta = {
        "schemaVersion": SCHEMA_VERSION,
        "workload": WORKLOAD_NAME,
        "generator": "deploybench-ips-logs/1",
        "preset": preset,
        "seed": seed,
        "window": settings["window"],
        "targets": {
            "maliciousLineShare": MALICIOUS_LINE_SHARE,
            "maliciousSequenceShare": MALICIOUS_SEQUENCE_SHARE,
        },
        "files": files,
    }
    _write(os.path.join(out_dir, "meta.json"), _dump(meta))
    return meta
