"""Many browsers at once against the stack, each answer written down with its time.

``Load.start(name, step, threads=n)`` runs ``step(load)`` in a loop on ``n``
threads until ``stop()``; a step asks through ``load.ask``, which records the
answer (status 0: no answer at all, the connection failed).
"""

import threading
import time
from collections import Counter
from dataclasses import dataclass

from tests.deploy.stack import Browser


@dataclass(frozen=True)
class Answer:
    who: str
    method: str
    path: str
    status: int
    started: float
    ended: float
    headers: dict
    body: str


class Load:
    def __init__(self) -> None:
        self.answers: list[Answer] = []
        self.errors: list[BaseException] = []
        self._stopping = threading.Event()
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def start(self, name: str, step, *, threads: int = 1) -> None:
        for number in range(threads):
            thread = threading.Thread(
                target=self._loop, args=(step, number), name=f"{name}-{number}", daemon=True
            )
            self._threads.append(thread)
            thread.start()

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=60)
        assert not self.errors, self.errors

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    def ask(
        self, browser: Browser, port: int, method: str, path: str, data: dict | None = None
    ) -> Answer:
        started = time.monotonic()
        try:
            if method == "GET":
                status, headers, body = browser.get(port, path)
            else:
                status, headers, body = browser.post(port, path, data or {})
        except OSError as error:
            status, headers, body = 0, {}, repr(error)
        answer = Answer(
            threading.current_thread().name,
            method,
            path,
            status,
            started,
            time.monotonic(),
            headers,
            body,
        )
        with self._lock:
            self.answers.append(answer)
        return answer

    def statuses(self) -> Counter:
        return Counter(answer.status for answer in self.answers)

    def _loop(self, step, number: int) -> None:
        try:
            while not self._stopping.is_set():
                step(self, number)
        except BaseException as error:  # a broken step fails the test, not silently
            self.errors.append(error)
            raise
