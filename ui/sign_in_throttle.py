"""How often a password may be tried: longer waits after each wrong one, per client and overall.

Plain Python, no Streamlit: the sign-in screen (ui/access.py) asks `wait` before
checking a typed password and reports each result with `failed` or `succeeded`.
Nobody sleeps: a try made during a wait is refused unchecked, so it tells the
guesser nothing and costs the server nothing. The clock is injected, so the
rules are tested without waiting.

The rules (`Policy`):
- a client's first `free_tries` wrong passwords cost nothing; each further one
  doubles the wait before the next try (2 s, 4 s, 8 s, ...);
- after `lock_after` wrong passwords a client is locked out for `lock_for`;
- across all clients together (a guesser can open many sessions) the same,
  with larger numbers: `overall_free_tries`, `overall_lock_after`;
- a wrong password is forgotten after `memory` (an hour); the right one forgets
  that client's wrong ones, not the overall count.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    """The numbers behind the waits, in tries and seconds."""

    free_tries: int = 3
    lock_after: int = 10
    overall_free_tries: int = 10
    overall_lock_after: int = 50
    first_wait: float = 2.0
    longest_wait: float = 120.0
    lock_for: float = 15 * 60.0
    memory: float = 60 * 60.0


@dataclass(frozen=True)
class Wait:
    """How long until the next try is checked: `seconds` (0 = now); `locked_out` after too many."""

    seconds: float
    locked_out: bool = False

    @property
    def may_try(self) -> bool:
        return self.seconds <= 0


class SignInThrottle:
    """Wrong passwords remembered per client and overall, and the wait they impose.

    A client is any stable name for who is typing: the browser's network
    address, or its session when there is none. Safe to share between the
    threads of all sessions.
    """

    def __init__(self, clock: Callable[[], float] = time.monotonic, policy: Policy | None = None) -> None:
        self._clock = clock
        self._policy = policy or Policy()
        self._lock = threading.Lock()
        self._by_client: dict[str, deque[float]] = {}
        self._overall: deque[float] = deque()

    @property
    def policy(self) -> Policy:
        return self._policy

    def wait(self, client: str) -> Wait:
        """How long `client` must wait before its next password is checked."""
        with self._lock:
            now = self._clock()
            self._forget_old(now)
            own = self._by_client.get(client, deque())
            p = self._policy
            waits = [
                _wait_after(own, now, p.free_tries, p.lock_after, p),
                _wait_after(self._overall, now, p.overall_free_tries, p.overall_lock_after, p),
            ]
        locked = [w for w in waits if w.locked_out and not w.may_try]
        if locked:
            return max(locked, key=lambda w: w.seconds)
        return max(waits, key=lambda w: w.seconds)

    def failed(self, client: str) -> None:
        """Remember a wrong password typed by `client` now."""
        with self._lock:
            now = self._clock()
            self._by_client.setdefault(client, deque()).append(now)
            self._overall.append(now)

    def succeeded(self, client: str) -> None:
        """Forget `client`'s wrong passwords: it knows the right one."""
        with self._lock:
            self._by_client.pop(client, None)

    def _forget_old(self, now: float) -> None:
        oldest = now - self._policy.memory
        for times in (*self._by_client.values(), self._overall):
            while times and times[0] <= oldest:
                times.popleft()
        for client in [c for c, times in self._by_client.items() if not times]:
            del self._by_client[client]


def _wait_after(failures: deque[float], now: float, free: int, lock_after: int, policy: Policy) -> Wait:
    """The wait imposed by `failures` (times of wrong passwords, oldest first)."""
    count = len(failures)
    if count < free or count == 0:
        return Wait(0.0)
    last = failures[-1]
    if count >= lock_after:
        return Wait(max(0.0, last + policy.lock_for - now), locked_out=True)
    pause = min(policy.first_wait * 2 ** (count - free), policy.longest_wait)
    return Wait(max(0.0, last + pause - now))
