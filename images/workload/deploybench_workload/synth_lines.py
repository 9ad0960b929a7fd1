"""What a log line of each event type looks like: servers, ports, signatures, sizes, formatting."""

import datetime

#: Day 0 of the generated logs (each file starts some days later).
BASE = datetime.datetime(2024, 3, 4, 0, 0, 0)

DEVICE = "ips-edge-01"

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


def public_ip(rng, taken):
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


def format_ts(ms, day_offset):
    t = BASE + datetime.timedelta(days=day_offset, milliseconds=ms)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (t.year, t.month, t.day, t.hour, t.minute, t.second, t.microsecond // 1000)


def line(rng, ts, event, ext_ip, logid):
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


def malformed(rng, good_line, ts):
    kind = rng.randint(0, 3)
    if kind == 0:  # truncated before the action
        return good_line[: good_line.index(" action=")]
    if kind == 1:  # a syslog marker without fields
        return "-- MARK --"
    if kind == 2:  # unparsable timestamp
        return good_line.replace("timestamp=" + ts, "timestamp=%s" % ts.replace("T", "?")[:13], 1)
    return 'timestamp=%s devname=%s msg="log buffer overflow, %d entries lost' % (ts, DEVICE, rng.randint(1, 999))
