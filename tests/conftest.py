"""Shared fixtures: one canonical demo workbook built once per session, copied per test."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import workbook
from workbook.store import Workbook

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _no_personal_workbook(tmp_path, monkeypatch):
    # Tests must never touch the person's real workbook or demo in the user data dir.
    monkeypatch.setenv("WORKBOOK_DB", str(tmp_path / "default-workbook.sqlite"))


@pytest.fixture
def book(tmp_path) -> Workbook:
    """An empty workbook in a temporary folder."""
    b = workbook.open(tmp_path / "book.sqlite")
    yield b
    b.close()


@pytest.fixture(scope="session")
def _demo_master(tmp_path_factory) -> Path:
    from workbook.demo import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    write_demo(path).close()
    return path


@pytest.fixture
def demo_book(_demo_master, tmp_path) -> Workbook:
    """A fresh copy of the demo workbook (safe to write to)."""
    master = workbook.open(_demo_master, readonly=True)
    dest = tmp_path / "demo-copy.sqlite"
    master.backup(dest)
    master.close()
    b = workbook.open(dest)
    yield b
    b.close()


@pytest.fixture
def demo_path(_demo_master, tmp_path) -> Path:
    """Path to a fresh copy of the demo workbook (for subprocesses and servers)."""
    master = workbook.open(_demo_master, readonly=True)
    dest = tmp_path / "demo-copy.sqlite"
    master.backup(dest)
    master.close()
    return dest


#: The LinkedIn-only workbook's pinned "today": a few months after the sample export's last message.
LINKEDIN_AS_OF = "2024-10-01"


@pytest.fixture(scope="session")
def _linkedin_master(tmp_path_factory) -> Path:
    from workbook.importers import import_file
    from workbook.samples import SAMPLES_DIR

    path = tmp_path_factory.mktemp("linkedin") / "linkedin.sqlite"
    b = workbook.open(path)
    import_file(b, SAMPLES_DIR / "linkedin-export.zip")
    b.set_setting("as_of", LINKEDIN_AS_OF)
    b.close()
    return path


@pytest.fixture
def linkedin_book(_linkedin_master, tmp_path) -> Workbook:
    """A fresh copy of a workbook made only from the bundled LinkedIn sample export (no tags typed in,
    no events, projects, asks or goals), "today" pinned to :data:`LINKEDIN_AS_OF`; safe to write to."""
    master = workbook.open(_linkedin_master, readonly=True)
    dest = tmp_path / "linkedin-copy.sqlite"
    master.backup(dest)
    master.close()
    b = workbook.open(dest)
    yield b
    b.close()
