"""The hub's sign-up and approval: NativeAuthenticator, with the coach pre-approved and unable to
take over a client's account.

Clients sign up at ``/hub/signup``; the coach approves them at ``/hub/authorize`` (which needs
the scope ``admin:users``, granted by the coach role in ``jupyterhub_config.py``). Two changes to
NativeAuthenticator: the coach's own sign-up is approved at once (like Native's admins), and
the page where an approver sets another user's password is not served, so approving accounts
never lets the coach sign in as a client and read their workbook.

>>> "/change-password/([^/]+)" in WITHHELD
True
"""
from __future__ import annotations

from nativeauthenticator import NativeAuthenticator
from traitlets import Unicode

#: Routes of NativeAuthenticator left out (an approver setting a client's password).
WITHHELD = ("/change-password/([^/]+)",)


class CohortAuthenticator(NativeAuthenticator):
    """NativeAuthenticator for a coach and a cohort."""

    coach = Unicode("coach", config=True, help="The coach's user name: approved at sign-up, approves the others.")

    def get_authed_users(self) -> set[str]:
        return set(super().get_authed_users()) | {self.coach}

    def get_handlers(self, app) -> list:
        return [h for h in super().get_handlers(app) if h[0] not in WITHHELD]
