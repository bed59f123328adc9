"""Index pages with Pagefind's service mode, in the order given (issue 15, item 6).

Pagefind's CLI numbers pages in the order the file system lists them: on ext4 that is the
order of a per-file-system hash, on tmpfs the order they were created, so the same pages
gave other index bytes on another machine. ``pagefind --service`` (what Pagefind's own
Node and Python APIs drive) adds each page as its ``AddFile`` message arrives, one message
at a time, so pages sent in a fixed order give the same bytes everywhere.

The messages are those of Pagefind's Python API (``pagefind.service``: base64 of JSON,
each followed by a comma). That API is not used itself: its reader sleeps 0.1 s before
each response, so 100 pages took 10.3 s and a 3,000-page shard would take five minutes
(bench/README.md, "Search index order"); here they are written in one stream while a
thread reads the answers.
"""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import threading
from collections.abc import Iterable
from pathlib import Path

from admin.errors import GongshiError


class PagefindServiceError(GongshiError):
    """Pagefind refused a message or stopped; the message says which, for the user."""


def index_pages(
    executable: Path,
    pages: Iterable[tuple[str, str]],
    *,
    timeout: float = 600,
) -> dict[str, bytes]:
    """Index ``pages`` (relative path, HTML) in this order; return the index's files.

    The files (relative path → bytes) are those ``pagefind --site … --keep-index-url``
    writes. They are asked for (``GetFiles``) rather than written by Pagefind: its
    ``WriteFiles`` answers before its writes have finished (a truncated
    ``pagefind-entry.json`` on ext4, once in 30 runs), and it then has to be stopped.
    """
    try:
        process = subprocess.Popen(
            [str(executable), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:
        raise PagefindServiceError(f"无法运行 Pagefind（{exc}）") from None
    answers: list[dict] = []
    reader = threading.Thread(target=_read_answers, args=(process, answers), daemon=True)
    reader.start()
    sent = 0
    try:
        _send(process, 0, {"type": "NewIndex", "config": {"keep_index_url": True}})
        for sent, (path, html) in enumerate(pages, start=1):
            message = {"type": "AddFile", "index_id": 0, "file_path": path, "file_contents": html}
            _send(process, sent, message)
        _send(process, sent + 1, {"type": "GetFiles", "index_id": 0})
        # Flushed, not closed: at the end of its input Pagefind exits at once, even with
        # messages still queued.
        process.stdin.flush()
    except OSError:
        pass  # Pagefind stopped: the answers below say what it managed
    reader.join(timeout)
    process.kill()  # it waits for more messages after the last answer
    process.wait()
    reader.join()  # at the end of the output now
    process.stdout.close()
    with contextlib.suppress(OSError):  # what a stopped Pagefind did not read is dropped
        process.stdin.close()
    _check(answers, sent + 2)
    files = answers[-1]["payload"]["files"]
    return {file["path"].lstrip("/"): base64.b64decode(file["content"]) for file in files}


def _send(process: subprocess.Popen, message_id: int, payload: dict) -> None:
    request = json.dumps({"message_id": message_id, "payload": payload}, ensure_ascii=False)
    process.stdin.write(base64.b64encode(request.encode("utf-8")) + b",")


def _read_answers(process: subprocess.Popen, answers: list[dict]) -> None:
    """Collect Pagefind's answers until the one to ``GetFiles``, an error or the end."""
    parts: list[bytes] = []  # of the answer being read; the last one is megabytes
    while chunk := process.stdout.read1(1 << 20):
        start = 0
        while (comma := chunk.find(b",", start)) >= 0:
            parts.append(chunk[start:comma])
            answer = json.loads(base64.b64decode(b"".join(parts)))
            answers.append(answer)
            if answer["payload"]["type"] in ("GetFiles", "Error"):
                return
            parts, start = [], comma + 1
        parts.append(chunk[start:])


def _check(answers: list[dict], expected: int) -> None:
    """Raise unless every message was answered and none with an error."""
    for answer in answers:
        if answer["payload"]["type"] == "Error":
            raise PagefindServiceError(f"Pagefind 失败（{answer['payload'].get('message', '')}）")
    if len(answers) < expected:
        raise PagefindServiceError(f"Pagefind 提前退出（{len(answers)}/{expected} 条已完成）")
