"""Share my report with my coach: the consent switch of a client on a coach's hub.

One button puts the coach report (:mod:`workbook.report`: contacts by name, or by initials only,
as the client chooses) where the coach's page reads it; "Withdraw" takes it back. Outside a hub
(no ``JUPYTERHUB_USER`` or no shared folder) both buttons are off and a message says so: nothing
is written anywhere. The demo workbook is never shared.

>>> import tempfile, os, workbook
>>> book = workbook.open(os.path.join(tempfile.mkdtemp(), "w.sqlite"))
>>> view = ShareView(book, environ={})
>>> view.available, view.share_button.disabled
(False, True)
"""
from __future__ import annotations

import logging
from typing import Any

import ipywidgets as widgets
import traitlets

from ..hub.share import hub_context, share_report, shared_summary, withdraw_report
from ..session import Session
from ..store import Workbook
from .common import Host, MessageArea, check_choice, guard

log = logging.getLogger("workbook.ui.share")

#: The names choice: (label, value); True means initials only.
NAME_CHOICES = (("Names", False), ("Initials only", True))
OUTSIDE_HUB = ("Sharing with a coach works when your coach's hub serves this workbook. Here nothing is "
               "shared: use “Download the report” under Data to send it yourself.")


class ShareView(widgets.VBox):
    """The share / withdraw switch; ``shared`` is True while the coach can see the report."""

    changes = traitlets.Int(0)  # sharing never writes to the workbook, so this never moves
    shared = traitlets.Bool(False)

    def __init__(self, book: Workbook, shell: Host | None = None, *, environ: dict[str, str] | None = None,
                 **kwargs: Any):
        self.book = book
        self.shell = shell
        self._environ = environ
        self.messages = MessageArea()
        self.names = widgets.ToggleButtons(options=NAME_CHOICES, value=False, description="Show contacts by")
        self.names.add_class("wb-share-names")
        self.share_button = widgets.Button(description="Share my report with my coach", button_style="primary",
                                           layout=widgets.Layout(width="auto"))
        self.share_button.add_class("wb-share-button")
        self.share_button.on_click(self._on_share)
        self.withdraw_button = widgets.Button(description="Withdraw", layout=widgets.Layout(width="auto"))
        self.withdraw_button.add_class("wb-share-withdraw")
        self.withdraw_button.on_click(self._on_withdraw)
        self.status = widgets.Label()
        self.status.add_class("wb-share-status")
        intro = widgets.Label("Your coach sees nothing of your workbook unless you share this report. "
                              "You can withdraw it at any time.")
        super().__init__([widgets.HTML('<h3 class="wb-card-title">Share with my coach</h3>'), intro, self.names,
                          widgets.HBox([self.share_button, self.withdraw_button]), self.status, self.messages],
                         **kwargs)
        self.add_class("wb-share")
        self.refresh()

    @property
    def available(self) -> bool:
        """True when a hub serves this app (so there is a coach to share with)."""
        return hub_context(self._environ) is not None

    def _is_demo(self) -> bool:
        return bool(getattr(self.shell, "is_demo", False) or Session.of(self.book).settings().get("is_demo"))

    def refresh(self) -> None:
        """Show what is shared now (the shell may have switched workbooks)."""
        if self.shell is not None:
            self.book = self.shell.book
        context = hub_context(self._environ)
        if context is None:
            self.shared = False
            self.share_button.disabled = self.withdraw_button.disabled = self.names.disabled = True
            self.status.value = ""
            self.messages.info(OUTSIDE_HUB)
            return
        summary = shared_summary(context[1], context[0])
        self.shared = summary is not None
        self.share_button.disabled = self.names.disabled = False
        self.withdraw_button.disabled = not self.shared
        if summary is None:
            self.status.value = "Not shared: your coach sees nothing of your workbook."
        else:
            how = "initials only" if summary.get("initials") else "names"
            self.status.value = f"Shared on {str(summary.get('shared_at', ''))[:16].replace('T', ' ')}, with {how}."

    @guard()
    def _on_share(self, _button=None) -> None:
        context = hub_context(self._environ)
        if context is None:
            self.messages.info(OUTSIDE_HUB)
            return
        if self.shell is not None:
            self.book = self.shell.book  # the shell may have left the demo since the last refresh
        if self._is_demo():
            raise ValueError("This is the demo workbook: import your own data first, then share your report.")
        initials = bool(check_choice(self.names.value, NAME_CHOICES, "names choice"))
        share_report(self.book, context[1], context[0], initials=initials)
        self.refresh()
        self.messages.success("Shared. Your coach can now open your report"
                              + (", with your contacts by their initials only." if initials else "."))

    @guard()
    def _on_withdraw(self, _button=None) -> None:
        context = hub_context(self._environ)
        if context is None:
            self.messages.info(OUTSIDE_HUB)
            return
        found = withdraw_report(context[1], context[0])
        self.refresh()
        self.messages.success("Withdrawn: your coach no longer sees your report." if found
                              else "There was nothing shared to withdraw.")
