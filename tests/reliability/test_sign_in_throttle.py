"""The sign-in throttle's rules, on a hand-moved clock: waits that double, lock-outs, per client and overall."""

from __future__ import annotations

import pytest

from ui.sign_in_throttle import Policy, SignInThrottle, Wait


class Clock:
    def __init__(self) -> None:
        self.now = 5_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def throttle(clock) -> SignInThrottle:
    return SignInThrottle(clock=clock)


def fail(throttle: SignInThrottle, client: str, times: int) -> None:
    for _ in range(times):
        throttle.failed(client)


def test_the_first_three_wrong_passwords_cost_no_wait(throttle):
    fail(throttle, "a", 2)
    assert throttle.wait("a") == Wait(0.0)


@pytest.mark.parametrize(("failures", "seconds"), [(3, 2), (4, 4), (5, 8), (6, 16), (7, 32), (8, 64), (9, 120)])
def test_each_further_wrong_password_doubles_the_wait_up_to_two_minutes(throttle, failures, seconds):
    fail(throttle, "a", failures)
    assert throttle.wait("a") == Wait(float(seconds))


def test_the_wait_runs_from_the_last_wrong_password(throttle, clock):
    fail(throttle, "a", 4)
    clock.now += 3
    assert throttle.wait("a") == Wait(1.0)
    clock.now += 1
    assert throttle.wait("a").may_try


def test_ten_wrong_passwords_lock_the_client_out_for_fifteen_minutes(throttle, clock):
    fail(throttle, "a", 10)
    assert throttle.wait("a") == Wait(900.0, locked_out=True)
    clock.now += 899
    assert not throttle.wait("a").may_try
    clock.now += 1
    assert throttle.wait("a").may_try
    throttle.failed("a")  # one more after the lock: locked again at once
    assert throttle.wait("a") == Wait(900.0, locked_out=True)


def test_one_clients_wrong_passwords_do_not_slow_another_below_the_overall_count(throttle):
    fail(throttle, "a", 9)
    assert throttle.wait("b") == Wait(0.0)


def test_wrong_passwords_spread_over_many_clients_slow_everyone(throttle):
    for n in range(10):
        throttle.failed(f"tab {n}")
    assert throttle.wait("a newcomer") == Wait(2.0)
    for n in range(10, 50):
        throttle.failed(f"tab {n}")
    assert throttle.wait("a newcomer") == Wait(900.0, locked_out=True)


def test_the_right_password_forgets_the_clients_wrong_ones_but_not_the_overall_count(throttle):
    fail(throttle, "a", 5)
    throttle.succeeded("a")
    assert throttle.wait("a") == Wait(0.0)
    fail(throttle, "b", 5)
    assert throttle.wait("c") == Wait(2.0)  # ten wrong ones overall


def test_wrong_passwords_are_forgotten_after_an_hour(throttle, clock):
    fail(throttle, "a", 10)
    clock.now += 3600
    assert throttle.wait("a") == Wait(0.0)
    assert throttle._by_client == {}  # nothing kept for clients that stopped trying


def test_the_numbers_come_from_the_policy(clock):
    throttle = SignInThrottle(clock=clock, policy=Policy(free_tries=1, lock_after=2, first_wait=5, lock_for=60))
    throttle.failed("a")
    assert throttle.wait("a") == Wait(5.0)
    throttle.failed("a")
    assert throttle.wait("a") == Wait(60.0, locked_out=True)
