"""Be a good guest: few requests at a time to any one host, and a pause between them."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

MAX_CRAWL_DELAY = 60.0  # a robots.txt asking for more would stall a source for good
_PRUNE_AT = 10_000  # forget idle hosts once this many are remembered


@dataclass
class _Host:
    slots: asyncio.Semaphore
    delay: float
    next_start: float = 0.0  # monotonic time before which no new request may start
    active: int = field(default=0)


class HostGate:
    """Admits requests per host: at most ``per_host`` at once, starts ``delay`` s apart.

    Also caps all requests at ``total`` at once. Hosts are compared by lower-cased name
    (ports ignored: two ports on one machine are still one machine to be polite to).
    """

    def __init__(self, per_host: int, delay: float, total: int) -> None:
        self._per_host = max(1, per_host)
        self._delay = max(0.0, delay)
        self._total = asyncio.Semaphore(max(1, total))
        self._hosts: dict[str, _Host] = {}

    def raise_delay(self, host: str, seconds: float) -> None:
        """Make requests to ``host`` at least ``seconds`` apart (capped at 60 s)."""
        state = self._host(host)
        state.delay = max(state.delay, min(seconds, MAX_CRAWL_DELAY))

    def delay_for(self, host: str) -> float:
        """The current minimum gap between request starts to ``host``."""
        return self._host(host).delay

    @asynccontextmanager
    async def admit(self, host: str) -> AsyncIterator[None]:
        """Wait for a slot for ``host`` and its turn to start, then hold the slot."""
        state = self._host(host)
        state.active += 1
        try:
            async with state.slots:
                await self._wait_turn(state)
                async with self._total:
                    yield
        finally:
            state.active -= 1

    async def _wait_turn(self, state: _Host) -> None:
        # Book the start time before sleeping, so waiters keep their order and spacing.
        now = time.monotonic()
        start = max(now, state.next_start)
        state.next_start = start + state.delay
        if start > now:
            await asyncio.sleep(start - now)

    def _host(self, host: str) -> _Host:
        key = host.lower()
        state = self._hosts.get(key)
        if state is None:
            if len(self._hosts) >= _PRUNE_AT:
                self._prune()
            state = _Host(asyncio.Semaphore(self._per_host), self._delay)
            self._hosts[key] = state
        return state

    def _prune(self) -> None:
        now = time.monotonic()
        idle = [
            key
            for key, state in self._hosts.items()
            if state.active == 0 and state.next_start < now and state.delay == self._delay
        ]
        for key in idle:
            del self._hosts[key]
