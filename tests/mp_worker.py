"""A stand-in for one app kernel (a browser tab), driven by ``tests/test_multiprocess.py``.

Run as ``python tests/mp_worker.py PATH NAME MODE`` (or ``... demo PATH SEED N`` to rebuild a
small demo there, as ``workbook demo`` would). MODE ``app`` opens the workbook the way a
Voila kernel does (``warm_up`` then ``open_app``) and then a second handle beside the shell's;
``plain`` opens two ``workbook.open`` handles, the second while the first is live (the moment
the old header check dropped the first one's locks). The kernel then answers one JSON command
per stdin line. Every committed write is acknowledged on stdout *after* its commit returned, so
an acknowledged write is one the person was told was saved. Protocol lines start with ``@@MP ``
(anything else a library prints is ignored); a command ends with one ``reply`` line.

A kernel never exits on a failed write: the error (type and message) goes into the reply and
the test decides whether it was expected.
"""
from __future__ import annotations

import json
import os
import sys
import time
import traceback
from pathlib import Path

PREFIX = "@@MP "
DATE = "2026-01-15"


def send(**message) -> None:
    sys.stdout.write(PREFIX + json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _put_back_old_faults() -> None:
    """Mutation checks, for running the suite by hand against the bugs it guards (no test sets them).

    ``WB_MP_LEGACY_OPEN=1`` puts back the pre-fix header read (``open()`` + close on a live file);
    ``WB_MP_NO_CHECKPOINT=1`` drops the checkpoint after each commit.
    """
    from workbook.store import Workbook

    if os.environ.get("WB_MP_NO_CHECKPOINT") == "1":
        Workbook._checkpoint = lambda self: None
    if os.environ.get("WB_MP_LEGACY_OPEN") != "1":
        return

    original = Workbook._check_file

    def check(self) -> None:
        original(self)
        if self.path.exists() and self.path.stat().st_size >= 512:
            with open(self.path, "rb") as fh:
                fh.read(16)

    Workbook._check_file = check


class Kernel:
    def __init__(self, path: Path, name: str, mode: str):
        import workbook

        self.path, self.name, self.mode = path, name, mode
        self.source = f"mp-{name}"
        self.round = 0
        self.shell = None
        if mode == "app":
            from workbook.ui import app

            app.warm_up(path)
            self.shell = app.open_app(path)
            if self.shell.is_demo:
                raise RuntimeError(f"open_app showed the demo instead of {path}: {self.shell.messages}")
            self.h1 = self.shell.book
        else:
            self.h1 = workbook.open(path)
        self.h1.contacts()
        self.h2 = workbook.open(path)  # opened while h1 is live
        self.h2.contacts()
        self.h2.interactions()

    # -- helpers ------------------------------------------------------------------------------------

    def _peek(self) -> None:
        """What the app does besides its two handles: open a short-lived one to look at the file."""
        if self.mode == "app":
            from workbook.ui.app import own_workbook_started

            own_workbook_started(self.path)
        else:
            import workbook

            workbook.open(self.path).close()

    def _round(self, label: str) -> None:
        """One contact (handle 1) and one interaction (handle 2), each acknowledged after its commit,
        then reads through both handles that must already show them."""
        i = self.round
        self.round += 1
        name = f"mp {self.name} {label} {i:04d}"
        cid = self.h1.add_contact(name, source=self.source)
        send(ack="contact", id=cid, name=name)
        note = f"{self.source} {label} {i:04d}"
        iid = self.h2.log_interaction(cid, DATE, note=note, source=self.source)
        send(ack="interaction", id=iid, contact_id=cid, note=note)
        seen = set(self.h2.contacts()["contact_id"])
        if cid not in seen:
            raise RuntimeError(f"handle 2 does not see contact {cid} that handle 1 just saved")
        if iid not in set(self.h1.interactions()["interaction_id"]):
            raise RuntimeError(f"handle 1 does not see interaction {iid} that handle 2 just saved")
        if i % 5 == 0:
            self._peek()

    def _snapshot(self, book) -> dict:
        contacts = book.contacts(include_archived=True)
        return {
            "contacts": sorted(contacts["full_name"].astype(str)),
            "contact_ids": sorted(int(c) for c in contacts["contact_id"]),
            "interactions": len(book.interactions()),
            "tags": len(book.tags()),
        }

    # -- commands -----------------------------------------------------------------------------------

    def op_write(self, n: int, label: str = "w") -> dict:
        for _ in range(int(n)):
            self._round(label)
        return {"rounds": int(n)}

    def op_write_until(self, stop: str, max: int, label: str = "loop", pause: float = 0.02) -> dict:
        """Write rounds until the file ``stop`` appears (or ``max`` rounds): runs beside other processes."""
        done = 0
        while done < int(max) and not os.path.exists(stop):
            self._round(label)
            done += 1
            time.sleep(float(pause))
        return {"rounds": done}

    def op_read(self) -> dict:
        return {"h1": self._snapshot(self.h1), "h2": self._snapshot(self.h2)}

    def op_add(self, name: str) -> dict:
        """One contact alone (for checks after each kind of write)."""
        cid = self.h1.add_contact(f"mp {self.name} {name}", source=self.source)
        send(ack="contact", id=cid, name=f"mp {self.name} {name}")
        return {"id": cid}

    def op_log(self, contact_id: int, note: str) -> dict:
        """One interaction alone, through the other handle."""
        note = f"{self.source} {note}"
        iid = self.h2.log_interaction(int(contact_id), DATE, note=note, source=self.source)
        send(ack="interaction", id=iid, contact_id=int(contact_id), note=note)
        return {"id": iid}

    def op_tag(self, contact_id: int, text: str) -> dict:
        tid = self.h2.tag(int(contact_id), "interest", text)
        send(ack="tag", id=tid, contact_id=int(contact_id), text=text)
        return {"id": tid}

    def op_erase(self, contact_id: int) -> dict:
        self.h1.erase_contact(int(contact_id))
        return {"erased": int(contact_id)}

    def op_backup(self, dest: str) -> dict:
        return {"backup": str(self.h1.backup(dest))}

    def op_restore(self, src: str) -> dict:
        self.h1.restore(src)
        return {"restored": src}

    def op_touch(self, victim: int, other: int, stop: str = "", max: int = 1, pause: float = 0.01) -> dict:
        """Read and write ``victim`` (which another kernel may erase) and ``other`` (which must keep working).

        Each attempt on the victim is recorded as ok or as the error it raised; writes to ``other`` are
        acknowledged like any write and must never fail.
        """
        from workbook.store import WorkbookError

        attempts, i = [], 0
        while i < int(max) and not (stop and os.path.exists(stop)):
            for what in ("read", "log", "tag", "update"):
                try:
                    if what == "read":
                        self.h2.contact(victim)
                        self.h1.contacts()
                    elif what == "log":
                        iid = self.h2.log_interaction(victim, DATE, note=f"{self.source} victim {i}",
                                                      source=self.source)
                        send(ack="victim-interaction", id=iid, contact_id=victim)
                    elif what == "tag":
                        self.h1.tag(victim, "interest", f"victim {i}")
                    else:
                        self.h1.update_contact(victim, notes=f"touched {i}")
                    attempts.append([what, "ok", ""])
                except (ValueError, WorkbookError) as exc:
                    attempts.append([what, type(exc).__name__, str(exc)])
            note = f"{self.source} other {i:04d}"
            iid = self.h2.log_interaction(other, DATE, note=note, source=self.source)
            send(ack="interaction", id=iid, contact_id=other, note=note)
            i += 1
            time.sleep(float(pause))
        return {"attempts": attempts}

    def op_quit(self) -> dict:
        self.h2.close()
        self.h1.close()
        return {"closed": True}


def rebuild_demo(path: Path, seed: int, n_contacts: int) -> int:
    """``python tests/mp_worker.py demo PATH SEED N``: what ``workbook demo`` does, with a small persona."""
    from workbook.demo import write_demo

    book = write_demo(path, seed=seed, n_contacts=n_contacts)
    n = len(book.contacts(include_archived=True))
    book.close()
    send(reply="ok", op="demo", contacts=n)
    return 0


def main(argv: list[str]) -> int:
    if argv[0] == "demo":
        return rebuild_demo(Path(argv[1]), int(argv[2]), int(argv[3]))
    path, name, mode = Path(argv[0]), argv[1], argv[2]
    _put_back_old_faults()
    try:
        kernel = Kernel(path, name, mode)
    except Exception as exc:  # noqa: BLE001 - reported to the test, which fails with the message
        send(reply="error", type=type(exc).__name__, message=str(exc), trace=traceback.format_exc())
        return 1
    send(reply="ready", pid=os.getpid())
    for line in sys.stdin:
        if not line.strip():
            continue
        command = json.loads(line)
        op = command.pop("op")
        try:
            result = getattr(kernel, f"op_{op}")(**command)
        except Exception as exc:  # noqa: BLE001 - a failed write is a result, not a crash
            send(reply="error", op=op, type=type(exc).__name__, message=str(exc), trace=traceback.format_exc())
            continue
        send(reply="ok", op=op, **result)
        if op == "quit":
            return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
