"""Behaviour models of the synthetic traffic: the benign chain, the attack chains, their pacing.

A state is (event type, [(next state, weight), ...]); event types are "Action:category",
which is what the preprocessing maps a log line to.

* benign IPs follow one behaviour model, a Markov chain over event types in which
  every state has at most three successors (so a good next-event model with k=3
  never raises a false alarm, while k=2 does, as in the paper);
* malicious IPs (scan, brute force, exploitation, exfiltration) start with a
  benign-looking prefix drawn from the same chain, then switch to their attack
  chain.  "Loud" variants hit signatures that benign traffic never triggers;
  "quiet" ones reuse benign event types and only break the benign transition
  structure now and then, or not at all (those are undetectable by design).
"""

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
SUCCESSOR_EVENTS = dict((state, set(BENIGN_CHAIN[n][0] for n, _ in nexts)) for state, (_, nexts) in BENIGN_CHAIN.items())
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


def walk(rng, chain, state, count):
    """count (state, event) steps of a chain from state."""
    out = []
    for _ in range(count):
        event, nexts = chain[state]
        out.append((state, event))
        state = rng.weighted(nexts)
    return out, state


def benign_events(rng, length):
    steps, _ = walk(rng, BENIGN_CHAIN, rng.weighted(BENIGN_START), length)
    return [(event, "reset" if state == "reset" else "benign") for state, event in steps]


def malicious_events(rng, length, attack):
    """A benign-looking prefix, then the attack chain.

    The prefix runs on (at most SMOOTH_STEPS more events) until the benign chain could
    itself continue with the attack's first event type, so the switch is not an
    anomaly by itself; attacks that then stay on benign transitions are undetectable.
    """
    _, start, chain = ATTACKS[attack]
    first_event = chain[start][0]
    prefix = max(1, int(length * (0.1 + 0.4 * rng.random())))
    prefix = min(prefix, length - 1) if length > 1 else length
    steps, state = walk(rng, BENIGN_CHAIN, rng.weighted(BENIGN_START), prefix)
    extra = 0
    while prefix < length - 1 and extra < SMOOTH_STEPS and first_event not in SUCCESSOR_EVENTS[steps[-1][0]]:
        more, state = walk(rng, BENIGN_CHAIN, state, 1)
        steps.extend(more)
        prefix += 1
        extra += 1
    events = [(event, "reset" if st == "reset" else "benign") for st, event in steps]
    steps, _ = walk(rng, chain, start, length - prefix)
    events.extend((event, attack) for _, event in steps)
    return events, prefix


def pause_range(tempo):
    """(min, max) pause in ms after an event of the given tempo ('reset', 'benign' or an attack)."""
    if tempo == "reset":
        return SESSION_PAUSE
    if tempo == "benign":
        return BENIGN_PAUSE
    return ATTACK_PAUSE[tempo]
