"""Benchmarks at LinkedIn scale: 30,000 contacts, 1,000,000 interactions, 100,000 tags, 5,000 links.

Run ``python -m benchmarks`` (or ``make bench``); ``--quick`` uses a 300-contact network to check
the harness, ``--only NAME`` runs some measurements (``--list`` shows them), ``--no-browser``
skips the Voilà timings. The run prints one table (measurement, value, target, pass/fail, CPU time,
peak memory) and writes ``benchmarks/RESULTS.md`` with the table and the machine (its core count too).

Layout:

==================  ======================================================================
module              what it does
==================  ======================================================================
``dataset``         builds the seeded network from the demo generator, with LinkedIn's
                    ``Connections.csv`` and ``messages.csv``; cached in ``benchmarks/out/``
``registry``        the table of measurements (``@timed`` / ``@rows``), targets, rows
``measures``        one small function per operation in the issue
``floors``          ratios against floors timed in the same run: import / ``pandas.read_csv``,
                    first open after an import / a later open, common ground / reading the tags;
                    derived common ground's extra import time
``scaling``         every analysis at a tenth of the network next to its full-size time
``naive``           plain-Python baselines for health and common ground, checked for agreement
``app``             app interactions at 30,000 contacts, driven headless in Python
``browser``         Voilà in headless Chromium: a user's first request, first widget next to an
                    empty notebook, and the walk below on every app page load
``walk``            one page load walked: first page, Map, Network tab, Save goal, every section
                    (times to the last visible change), then the serving kernel's resident memory
``timing``          median-after-warm-up timing; peak memory in a subprocess (``child``)
``report``          the terminal table and RESULTS.md; ``machine`` describes the computer
==================  ======================================================================
"""
from .registry import MEASURES, Row, Target

__all__ = ["MEASURES", "Row", "Target"]
