"""Shared test settings: hypothesis runs derandomized, so every run checks the same examples."""

import signal

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "course",
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("course")


@pytest.fixture(autouse=True)
def _signals_left_as_found(request):
    """A test must leave SIGINT and SIGTERM as it found them (handler and blocked mask).

    Processes a test starts inherit an ignored or blocked signal across exec; a test that
    leaves SIGINT ignored makes a later test's `crm-course batch` deaf to Ctrl-C (seen once, as
    a batch that did not stop). This names the test that changes them, and puts them back.
    """
    watched = (signal.SIGINT, signal.SIGTERM)
    before = {s: signal.getsignal(s) for s in watched}
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    yield
    after = {s: signal.getsignal(s) for s in watched}
    now_blocked = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    changed = [signal.Signals(s).name for s in watched if after[s] != before[s]]
    changed += [
        f"{signal.Signals(s).name} blocked" for s in watched if (s in now_blocked) != (s in blocked)
    ]
    for s in watched:
        signal.signal(s, before[s])
    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    assert not changed, f"{request.node.nodeid} changed {', '.join(changed)} and did not restore it"
