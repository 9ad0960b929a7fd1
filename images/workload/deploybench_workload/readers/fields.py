"""Field helpers of the readers: times, addresses, internal networks, labels, nested look-ups."""

import calendar
import datetime
import ipaddress
import re

from .. import parse as legacy
from ..errors import WorkloadError

_PANOS_TIME = re.compile(r"^(\d{4})/(\d{2})/(\d{2}) (\d{2}):(\d{2}):(\d{2})$")
_DIGITS = re.compile(r"^\d+(?:\.\d+)?$")

#: timeFormat values besides a strptime pattern (one with a '%').
TIME_FORMATS = ("auto", "iso", "epoch-s", "epoch-ms", "epoch-us", "epoch-ns", "panos")
_EPOCH_DIV = {"epoch-s": 1e-3, "epoch-ms": 1.0, "epoch-us": 1e3, "epoch-ns": 1e6}

#: Label values read as malicious / benign (lower case).
MALICIOUS = ("malicious", "anomaly", "anomalous", "abnormal", "attack", "1", "true", "yes")
BENIGN = ("benign", "normal", "0", "false", "no")


def epoch_auto_ms(value):
    """Milliseconds of an epoch number whose unit is guessed from its size (s, ms, µs or ns)."""
    if value.isdigit():  # integers exactly (a float loses nanoseconds)
        number = int(value)
        for limit, div in ((10 ** 17, 10 ** 6), (10 ** 14, 10 ** 3), (10 ** 11, 1)):
            if number >= limit:
                return number // div
        return number * 1000
    number = float(value)
    if number >= 1e11:
        return int(number)
    return int(round(number * 1000))


def _panos_ms(value):
    m = _PANOS_TIME.match(value)
    if not m:
        return None
    parts = [int(g) for g in m.groups()]
    if not (1 <= parts[1] <= 12 and 1 <= parts[2] <= 31 and parts[3] < 24 and parts[4] < 60 and parts[5] < 61):
        return None
    return calendar.timegm(tuple(parts) + (0, 0, 0)) * 1000


def _strptime_ms(value, pattern):
    try:
        t = datetime.datetime.strptime(value, pattern)
    except ValueError:
        return None
    if t.tzinfo is not None:
        t = t.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return calendar.timegm(t.timetuple()) * 1000 + t.microsecond // 1000


def time_parser(fmt):
    """A function text -> milliseconds since the epoch (UTC) or None, for a timeFormat value.

    auto: ISO 8601 (with or without a zone; none = UTC) or epoch seconds/ms/µs/ns by size, or PAN-OS's
    YYYY/MM/DD HH:MM:SS; iso; epoch-s|ms|us|ns; panos; or a strptime pattern such as %d/%b/%Y:%H:%M:%S %z.
    """
    fmt = fmt or "auto"
    if "%" in fmt:
        return lambda v: _strptime_ms(v.strip(), fmt)
    if fmt not in TIME_FORMATS:
        raise WorkloadError("mapping.timeFormat %r is unknown (expected one of %s, or a strptime pattern with %%)" % (fmt, ", ".join(TIME_FORMATS)))
    if fmt == "iso":
        return lambda v: legacy.parse_timestamp_ms(v) if not _DIGITS.match(v.strip()) else None
    if fmt == "panos":
        return lambda v: _panos_ms(v.strip())
    if fmt in _EPOCH_DIV:
        div = _EPOCH_DIV[fmt]

        def epoch(v):
            v = v.strip()
            if not _DIGITS.match(v):
                return None
            if "." not in v and div >= 1:
                return int(v) // int(div)  # exact for nanoseconds
            return int(round(float(v) / div))

        return epoch

    def auto(v):
        v = v.strip()
        if _DIGITS.match(v):
            return epoch_auto_ms(v)
        ms = legacy.parse_timestamp_ms(v)
        return ms if ms is not None else _panos_ms(v)

    return auto


def valid_ip(ip):
    """An IPv4 or IPv6 address as written in logs (the legacy parser's test)."""
    return legacy._valid_ip(ip)


class Internal(object):
    """Which addresses are internal: the default ranges (legacy.is_internal) or a CIDR list."""

    def __init__(self, cidrs=None):
        self.cidrs = None if cidrs is None else list(cidrs)
        self._nets = None
        self._cache = {}
        if cidrs is not None:
            nets = []
            for c in cidrs:
                try:
                    nets.append(ipaddress.ip_network(str(c), strict=False))
                except ValueError as e:
                    raise WorkloadError("internal: %r is not a CIDR such as 10.0.0.0/8 (%s)" % (c, e))
            self._nets = nets

    def __call__(self, ip):
        if self._nets is None:
            return legacy.is_internal(ip)
        hit = self._cache.get(ip)
        if hit is None:
            try:
                addr = ipaddress.ip_address(ip)
                hit = any(addr.version == n.version and addr in n for n in self._nets)
            except ValueError:
                hit = False
            if len(self._cache) > 200000:
                self._cache.clear()  # bounded memory on logs with millions of addresses
            self._cache[ip] = hit
        return hit

    def external(self, src, dst):
        """The remote party: the source unless it is internal and the destination is not."""
        if self(src) and not self(dst):
            return dst
        return src


def label_of(value):
    """'malicious', 'benign' or None (unrecognised or empty) for a label value."""
    if value is None:
        return None
    text = str(value).strip().lower()
    if text in MALICIOUS:
        return "malicious"
    if text in BENIGN:
        return "benign"
    return None


def get(record, path):
    """record[path] as text, following dots into nested objects (EVE's alert.action); None when absent or empty."""
    value = record.get(path)
    if value is None and "." in path:
        value = record
        for part in path.split("."):
            if not isinstance(value, dict):
                return None
            value = value.get(part)
            if value is None:
                return None
    if value is None or isinstance(value, (dict, list)):
        return None
    if isinstance(value, bool):
        value = "true" if value else "false"
    text = str(value)
    return text if text else None
