"""Seeded generator of synthetic IPS/firewall logs (key=value lines) with ground truth.

Standard library only, and only `random.Random(seed).random()` as a source of
randomness (every other draw is derived from it here), integer arithmetic for
time, no dependence on hash order: the same seed gives byte-identical files on
every Python 3.7+.

The traffic is inbound to an organisation's services (DNS, web, mail, VPN/SSO,
file transfer) from external IPs; each external IP is one sequence, either
benign or malicious:

* benign IPs follow one behaviour model, a Markov chain over event types in which
  every state has at most three successors (so a good next-event model with k=3
  never raises a false alarm, while k=2 does, as in the paper);
* malicious IPs (scan, brute force, exploitation, exfiltration) start with a
  benign-looking prefix drawn from the same chain, then switch to their attack
  chain.  "Loud" variants hit signatures that benign traffic never triggers;
  "quiet" ones reuse benign event types and only break the benign transition
  structure now and then, or not at all (those are undetectable by design).

Class balance as in the paper: about 26% of the (well-formed) log lines and 83%
of the sequences are malicious; sequence lengths are heavy-tailed, malicious
sequences short, benign ones long.  A few malformed lines (about 0.2%) are mixed
in to exercise the parser.
"""

import datetime
import hashlib
import json
import os

import random

from . import SCHEMA_VERSION, WORKLOAD_NAME
from . import presets as presets_mod

MALICIOUS_LINE_SHARE = 0.26
MALICIOUS_SEQUENCE_SHARE = 0.83
MALICIOUS_MEAN_LENGTH = 20
MALFORMED_RATE = 0.002

#: Generated time span per file, and where each file starts.
SPAN_MS = 24 * 3600 * 1000
BASE = datetime.datetime(2024, 3, 4, 0, 0, 0)
FILE_OFFSET_DAYS = {"train": 0, "infer": 7}

DEVICE = "ips-edge-01"

# ---------------------------------------------------------------------------
# Behaviour models.  state: (event type, [(next state, weight), ...]).
# Event types are "Action:category", which is what the preprocessing maps to.

BENIGN_CHAIN = {
    "dns": ("Allow:dns", [("web", 45), ("mail", 30), ("login", 25)]),
    "web": ("Allow:web", [("web", 35), ("inline", 35), ("reset", 30)]),
    "inline": ("Inline:web", [("web", 45), ("file", 30), ("alert", 25)]),
    "alert": ("Alert:web", [("web", 60), ("reset", 40)]),
    "reset": ("Reset:web", [("dns", 50), ("login", 25), ("policy", 25)]),
    "policy": ("Deny:policy", [("dns", 50), ("web", 50)]),
    "login": ("Allow:auth", [("file", 50), ("web", 25), ("fail1", 25)]),
    "fail1": ("Deny:auth", [("login", 60), ("fail2", 40)]),
    "fail2": ("Deny:auth", [("login", 50), ("reset", 50)]),
    "file": ("Allow:file", [("file", 40), ("web", 30), ("reset", 30)]),
    "mail": ("Allow:mail", [("mail", 40), ("dns", 30), ("reset", 30)]),
}
BENIGN_START = [("dns", 60), ("web", 40)]
#: Event types that may follow each benign state.
_SUCCESSOR_EVENTS = dict((state, set(BENIGN_CHAIN[n][0] for n, _ in nexts)) for state, (_, nexts) in BENIGN_CHAIN.items())
SMOOTH_STEPS = 6

#: Attack chains: name -> (weight among attacks, start state, chain).  Comments say how
#: they relate to the benign chain (successor sets above).
ATTACKS = {
    # Port/host scan: bursts of denies and resets the benign chain never produces, and
    # now and then a scan signature (an event type benign traffic never has).
    "scan": (
        12,
        "deny",
        {
            "deny": ("Deny:policy", [("deny", 55), ("rst", 35), ("drop", 10)]),
            "rst": ("Reset:web", [("deny", 60), ("rst", 30), ("drop", 10)]),
            "drop": ("Drop:recon", [("deny", 50), ("rst", 30), ("drop", 20)]),
        },
    ),
    # Slow crawler / vulnerability probe along benign transitions only (undetectable by design).
    "probe": (
        20,
        "get",
        {
            "get": ("Allow:web", [("get", 50), ("rst", 50)]),
            "rst": ("Reset:web", [("policy", 100)]),
            "policy": ("Deny:policy", [("get", 100)]),
        },
    ),
    # Password guessing: runs of failures longer than any user's, IPS rate limiting.
    "bruteforce": (
        8,
        "try",
        {
            "try": ("Allow:auth", [("fail", 100)]),
            "fail": ("Deny:auth", [("fail", 70), ("try", 25), ("block", 5)]),
            "block": ("Drop:bruteforce", [("fail", 60), ("try", 40)]),
        },
    ),
    # Password spraying paced like a user, along benign transitions only (undetectable by design).
    "spray": (
        18,
        "try",
        {
            "try": ("Allow:auth", [("fail", 100)]),
            "fail": ("Deny:auth", [("try", 80), ("fail2", 20)]),
            "fail2": ("Deny:auth", [("rst", 100)]),
            "rst": ("Reset:web", [("try", 100)]),
        },
    ),
    # Exploitation attempts caught by signatures benign traffic never triggers.
    "exploit": (
        8,
        "inline",
        {
            "inline": ("Inline:web", [("alert", 50), ("drop", 30), ("web", 20)]),
            "alert": ("Alert:exploit", [("drop", 50), ("inline", 30), ("alert", 20)]),
            "drop": ("Drop:exploit", [("inline", 60), ("web", 25), ("drop", 15)]),
            "web": ("Allow:web", [("inline", 100)]),
        },
    ),
    # Exploitation hidden in inspected web traffic, tripping only low-severity alerts;
    # repeated alerts and alert -> inspection are off the benign chain.
    "webattack": (
        12,
        "web",
        {
            "web": ("Allow:web", [("inline", 60), ("web", 40)]),
            "inline": ("Inline:web", [("alert", 45), ("web", 55)]),
            "alert": ("Alert:web", [("alert", 35), ("inline", 40), ("web", 25)]),
        },
    ),
    # Data theft after a login: long transfers along benign transitions, now and then
    # a DLP alert (an event type benign traffic never has).
    "exfil": (
        22,
        "login",
        {
            "login": ("Allow:auth", [("file", 100)]),
            "file": ("Allow:file", [("file", 93), ("dlp", 3), ("web", 4)]),
            "dlp": ("Alert:exfil", [("file", 100)]),
            "web": ("Allow:web", [("inline", 100)]),
            "inline": ("Inline:web", [("file", 100)]),
        },
    ),
}

# ---------------------------------------------------------------------------
# What a log line of each event type looks like.

SERVERS = {
    "dns": ["10.20.0.53", "10.20.0.54"],
    "web": ["10.20.1.10", "10.20.1.11", "10.20.1.12", "10.20.1.13"],
    "mail": ["10.20.2.25"],
    "vpn": ["10.20.3.10", "10.20.3.11"],
    "files": ["10.20.4.10", "10.20.4.11"],
    "any": ["10.20.%d.%d" % (a, b) for a in range(0, 6) for b in (5, 10, 11, 20, 25, 53, 80, 100)],
}
INTERNAL_HOSTS = ["10.30.%d.%d" % (a, b) for a in range(1, 4) for b in range(10, 60, 7)]

# event: (proto, dstports, server group, [signatures], severity, (min bytes, max bytes), outbound)
EVENT_SPECS = {
    "Allow:dns": ("UDP", [53], "dns", ["DNS.Query.A", "DNS.Query.AAAA", "DNS.Query.MX"], "info", (60, 400), False),
    "Allow:web": ("TCP", [443, 443, 80], "web", ["HTTPS.Session", "HTTP.GET", "HTTP.POST"], "info", (400, 250000), False),
    "Inline:web": ("TCP", [443, 80], "web", ["TLS.Inspection", "HTTP.Content.Scan"], "info", (400, 120000), False),
    "Alert:web": ("TCP", [443, 80], "web", ["HTTP.Unknown.Header", "HTTP Suspicious User-Agent"], "low", (200, 8000), False),
    "Reset:web": ("TCP", [443, 80], "web", ["TCP.Session.Timeout", "TCP.RST.Server"], "info", (40, 2000), False),
    "Deny:policy": ("TCP", [22, 23, 445, 3389, 8080, 8443], "any", ["Policy.Port.Blocked", "Policy.GeoBlock"], "low", (40, 120), False),
    "Allow:auth": ("TCP", [443, 1194], "vpn", ["VPN.Login", "SSO.Login"], "info", (800, 6000), False),
    "Deny:auth": ("TCP", [443, 1194], "vpn", ["VPN.Login.Failed", "SSO Login Failed"], "low", (300, 1500), False),
    "Allow:file": ("TCP", [22, 443], "files", ["SFTP.Transfer", "HTTPS.Download"], "info", (10000, 50000000), False),
    "Allow:mail": ("TCP", [25, 587, 993], "mail", ["SMTP.Session", "IMAP.Session"], "info", (500, 90000), False),
    "Drop:recon": ("TCP", [0], "any", ["Scan.Port.TCP.SYN", "Scan Host Sweep ICMP"], "medium", (40, 80), False),
    "Drop:bruteforce": ("TCP", [22, 443, 1194], "vpn", ["Brute.Force.Login", "SSH Brute Force Attempt"], "high", (200, 900), False),
    "Alert:exploit": ("TCP", [443, 80, 8080], "web", ["Web.SQL.Injection", "Apache.Struts2.RCE", "Log4j JNDI Injection"], "high", (300, 20000), False),
    "Drop:exploit": ("TCP", [443, 80, 8080], "web", ["Web.Command.Injection", "PHP.Remote.File.Include"], "critical", (300, 20000), False),
    "Alert:exfil": ("TCP", [443, 22, 53], "files", ["DLP.Large.Upload", "DNS Tunnel Suspicious"], "medium", (1000000, 200000000), True),
}

# Pause after an event, in ms: (min, max) per event type of the sequence's class.
BENIGN_PAUSE = (30, 20000)
SESSION_PAUSE = (60000, 3600000)  # after a benign Reset: a new session later
ATTACK_PAUSE = {
    "scan": (2, 300),
    "probe": (500, 15000),
    "bruteforce": (150, 2500),
    "spray": (20000, 600000),
    "exploit": (100, 5000),
    "webattack": (200, 12000),
    "exfil": (50, 3000),
}


class Rng(object):
    """All draws derived from random.Random(seed).random(), which is stable across Python versions."""

    def __init__(self, seed):
        self._r = random.Random(seed)

    def random(self):
        return self._r.random()

    def randint(self, lo, hi):
        """Integer in [lo, hi]."""
        return lo + min(int(self._r.random() * (hi - lo + 1)), hi - lo)

    def choice(self, items):
        return items[self.randint(0, len(items) - 1)]

    def weighted(self, pairs):
        """First element of one of (value, weight) pairs, by weight (integers)."""
        total = 0
        for _, w in pairs:
            total += w
        x = self._r.random() * total
        acc = 0
        for value, w in pairs:
            acc += w
            if x < acc:
                return value
        return pairs[-1][0]

    def pareto(self, alpha):
        """Pareto draw >= 1 with tail index alpha."""
        return (1.0 - self._r.random()) ** (-1.0 / alpha)

    def shuffle(self, items):
        for i in range(len(items) - 1, 0, -1):
            j = self.randint(0, i)
            items[i], items[j] = items[j], items[i]


def _heavy_lengths(rng, n, total, minimum, alpha, cap):
    """n heavy-tailed (Pareto) lengths >= minimum summing exactly to total."""
    if n <= 0:
        return []
    if total < n * minimum:
        minimum = max(1, total // n)
    raw = [min(rng.pareto(alpha), cap) for _ in range(n)]
    budget = total - n * minimum
    scale = budget / sum(raw)
    exact = [r * scale for r in raw]
    lengths = [minimum + int(x) for x in exact]
    rest = total - sum(lengths)
    # Largest fractional parts first (ties: lower index first): exact sum, deterministic.
    order = sorted(range(n), key=lambda i: (-(exact[i] - int(exact[i])), i))
    i = 0
    while rest > 0:
        lengths[order[i % n]] += 1
        rest -= 1
        i += 1
    return lengths


def _walk(rng, chain, state, count):
    """count (state, event) steps of a chain from state."""
    out = []
    for _ in range(count):
        event, nexts = chain[state]
        out.append((state, event))
        state = rng.weighted(nexts)
    return out, state


def _benign_events(rng, length):
    steps, _ = _walk(rng, BENIGN_CHAIN, rng.weighted(BENIGN_START), length)
    return [(event, "reset" if state == "reset" else "benign") for state, event in steps]


def _malicious_events(rng, length, attack):
    """A benign-looking prefix, then the attack chain.

    The prefix runs on (at most SMOOTH_STEPS more events) until the benign chain could
    itself continue with the attack's first event type, so the switch is not an
    anomaly by itself; attacks that then stay on benign transitions are undetectable.
    """
    _, start, chain = ATTACKS[attack]
    first_event = chain[start][0]
    prefix = max(1, int(length * (0.1 + 0.4 * rng.random())))
    prefix = min(prefix, length - 1) if length > 1 else length
    steps, state = _walk(rng, BENIGN_CHAIN, rng.weighted(BENIGN_START), prefix)
    extra = 0
    while prefix < length - 1 and extra < SMOOTH_STEPS and first_event not in _SUCCESSOR_EVENTS[steps[-1][0]]:
        more, state = _walk(rng, BENIGN_CHAIN, state, 1)
        steps.extend(more)
        prefix += 1
        extra += 1
    events = [(event, "reset" if st == "reset" else "benign") for st, event in steps]
    steps, _ = _walk(rng, chain, start, length - prefix)
    events.extend((event, attack) for _, event in steps)
    return events, prefix


def _public_ip(rng, taken):
    while True:
        a = rng.randint(1, 223)
        b = rng.randint(0, 255)
        if a in (10, 127, 0) or (a == 172 and 16 <= b <= 31) or (a == 192 and b == 168):
            continue
        if (a == 169 and b == 254) or (a == 100 and 64 <= b <= 127) or (a == 198 and b in (18, 19)):
            continue
        ip = "%d.%d.%d.%d" % (a, b, rng.randint(0, 255), rng.randint(1, 254))
        if ip not in taken:
            taken.add(ip)
            return ip


def _format_ts(ms, day_offset):
    t = BASE + datetime.timedelta(days=day_offset, milliseconds=ms)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond // 1000)


def _line(rng, ts, event, ext_ip, logid):
    proto, ports, group, sigs, severity, (bmin, bmax), outbound = EVENT_SPECS[event]
    action, category = event.split(":", 1)
    port = rng.choice(ports)
    if port == 0:
        port = rng.randint(1, 65535)
    if outbound:
        src, dst = rng.choice(INTERNAL_HOSTS), ext_ip
        sport, sent, rcvd = rng.randint(32768, 60999), rng.randint(bmin, bmax), rng.randint(200, 5000)
    else:
        src, dst = ext_ip, rng.choice(SERVERS[group])
        sport, sent, rcvd = rng.randint(1024, 65535), rng.randint(200, 5000), rng.randint(bmin, bmax)
    if action in ("Deny", "Drop", "Reset"):
        rcvd = 0
    return (
        'timestamp=%s devname=%s logid=%010d srcip=%s srcport=%d dstip=%s dstport=%d proto=%s '
        'action=%s category=%s signature="%s" severity=%s sentbyte=%d rcvdbyte=%d'
        % (ts, DEVICE, logid, src, sport, dst, port, proto, action, category, rng.choice(sigs), severity, sent, rcvd)
    )


def _malformed(rng, good_line, ts):
    kind = rng.randint(0, 3)
    if kind == 0:  # truncated before the action
        return good_line[: good_line.index(" action=")]
    if kind == 1:  # a syslog marker without fields
        return "-- MARK --"
    if kind == 2:  # unparsable timestamp
        return good_line.replace("timestamp=" + ts, "timestamp=%s" % ts.replace("T", "?")[:13], 1)
    return 'timestamp=%s devname=%s msg="log buffer overflow, %d entries lost' % (ts, DEVICE, rng.randint(1, 999))


def generate_file(seed, name, lines, window=10, kinds_out=None):
    """Generate one log file: (text, labels {ip: class}, stats); kinds_out (a dict) gets {ip: attack or 'benign'}."""
    salt = {"train": 1, "infer": 2}.get(name, 3)
    rng = Rng(seed * 1000003 + salt)
    day_offset = FILE_OFFSET_DAYS.get(name, 14)
    lines = max(int(lines), 40)
    mal_lines = int(round(lines * MALICIOUS_LINE_SHARE))
    ben_lines = lines - mal_lines
    n_mal = max(1, int(round(mal_lines / float(MALICIOUS_MEAN_LENGTH))))
    n_ben = max(1, int(round(n_mal * (1 - MALICIOUS_SEQUENCE_SHARE) / MALICIOUS_SEQUENCE_SHARE)))
    mal_lengths = _heavy_lengths(rng, n_mal, mal_lines, 2, 1.5, 40.0)
    ben_lengths = _heavy_lengths(rng, n_ben, ben_lines, 3 * window, 1.3, 25.0)
    seqs = [("malicious", n) for n in mal_lengths] + [("benign", n) for n in ben_lengths]
    rng.shuffle(seqs)

    attack_pairs = [(name_, spec[0]) for name_, spec in sorted(ATTACKS.items())]
    taken = set()
    labels = {}
    kinds = {}  # ip -> 'benign' or the attack (diagnostics; not written)
    records = []  # (ms, sequence index, position, event, ip)
    attacks = {}
    short = {"malicious": 0, "benign": 0}
    prefix_total = 0
    for si, (cls, length) in enumerate(seqs):
        ip = _public_ip(rng, taken)
        labels[ip] = cls
        if length < window + 1:
            short[cls] += 1
        if cls == "benign":
            events = _benign_events(rng, length)
            kinds[ip] = "benign"
        else:
            attack = rng.weighted(attack_pairs)
            attacks[attack] = attacks.get(attack, 0) + 1
            kinds[ip] = attack
            events, prefix = _malicious_events(rng, length, attack)
            prefix_total += prefix
        ms = rng.randint(0, SPAN_MS)
        for pos, (event, tempo) in enumerate(events):
            records.append((ms, si, pos, event, ip))
            if tempo == "reset":
                lo, hi = SESSION_PAUSE
            elif tempo == "benign":
                lo, hi = BENIGN_PAUSE
            else:
                lo, hi = ATTACK_PAUSE[tempo]
            ms += rng.randint(lo, hi)
    records.sort(key=lambda r: (r[0], r[1], r[2]))

    out = []
    malformed = 0
    for logid, (ms, _, _, event, ip) in enumerate(records):
        ts = _format_ts(ms, day_offset)
        line = _line(rng, ts, event, ip, 1000000 + logid)
        if rng.random() < MALFORMED_RATE:
            out.append(_malformed(rng, line, ts))
            malformed += 1
        out.append(line)
    text = "\n".join(out) + "\n"
    if kinds_out is not None:
        kinds_out.update(kinds)

    n_seq = len(seqs)
    classified_mal = n_mal - short["malicious"]
    classified = n_seq - short["malicious"] - short["benign"]
    stats = {
        "lines": len(out),
        "wellFormedLines": len(records),
        "malformedLines": malformed,
        "maliciousLines": mal_lines,
        "benignLines": ben_lines,
        "maliciousLineShare": round(mal_lines / float(len(records)), 6),
        "sequences": n_seq,
        "maliciousSequences": n_mal,
        "benignSequences": n_ben,
        "maliciousSequenceShare": round(n_mal / float(n_seq), 6),
        "shortSequences": short["malicious"] + short["benign"],
        "classifiableSequences": classified,
        "classifiableMaliciousShare": round(classified_mal / float(classified), 6) if classified else None,
        "meanLength": {
            "malicious": round(mal_lines / float(n_mal), 3),
            "benign": round(ben_lines / float(n_ben), 3),
        },
        "maxLength": {"malicious": max(mal_lengths), "benign": max(ben_lengths)},
        "meanBenignPrefixShare": round(prefix_total / float(mal_lines), 6),
        "attacks": dict(sorted(attacks.items())),
        "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
    }
    return text, labels, stats


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
