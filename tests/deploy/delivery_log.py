"""What anymail's test backend delivered, in every process, as JSON lines in one file.

anymail keeps test deliveries in the sending process's memory; the two-machine
test reads them across processes through its send signals: ``post_send``
appends one line per delivered message to ``DELIVERY_LOG``. ``pre_send``
waits ``DELIVERY_DELAY`` seconds first, the provider's latency, so that a
test can stop a worker in the middle of a send.
"""

import json
import os
import time

from anymail.signals import post_send, pre_send
from django.apps import AppConfig


class DeliveryLogConfig(AppConfig):
    name = "tests.deploy.delivery_log"
    label = "delivery_log"

    def ready(self) -> None:
        pre_send.connect(_wait, weak=False)
        post_send.connect(_write_down, weak=False)


def _wait(sender, message, esp_name, **kwargs) -> None:
    time.sleep(float(os.environ.get("DELIVERY_DELAY", "0")))


def _write_down(sender, message, status, esp_name, **kwargs) -> None:
    line = {
        "to": list(message.to),
        "subject": message.subject,
        "body": message.body,
        "status": sorted(status.status),
        "pid": os.getpid(),
    }
    with open(os.environ["DELIVERY_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(line) + "\n")


def read(path) -> list[dict]:
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as log:
        return [json.loads(line) for line in log if line.strip()]
