"""The coach's page: a JupyterHub service listing the reports clients chose to share.

Run by the hub (``jupyterhub_config.py``, service ``coach``) at ``/services/coach/``. Every page
asks the hub who the visitor is (OAuth through the hub, :class:`HubOAuthenticated`) and lets in
only users holding the scope ``access:services!service=coach`` (the coach role). It reads the
shared folder (``WORKBOOK_SHARE_DIR``) and nothing else: the cohort summary is made from the
shared summaries only (:func:`workbook.hub.share.summarise_cohort`). A shared report is served
with a ``sandbox`` Content-Security-Policy, so its scripts (plotly) run in an origin of their own
and cannot reach the coach's session.

>>> html = render_index([], summarise_cohort([], as_of=dt.date(2026, 10, 15)), coach="coach")
>>> "No client shares a report yet" in html
True
"""
from __future__ import annotations

import datetime as dt
import html
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .share import SHARE_DIR_ENV, check_user, read_shared, report_path, summarise_cohort

SERVICE_NAME = "coach"


def esc(value: Any) -> str:
    """Escape any value for HTML (everything in a summary came from a client)."""
    return html.escape("" if value is None else str(value), quote=True)


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1F2933; margin: 0; background: #F5F7FA; }
main { max-width: 980px; margin: 0 auto; padding: 32px 24px 64px; }
section { background: white; border: 1px solid #E3E7ED; border-radius: 10px; padding: 20px 24px; margin-top: 16px; }
.numbers { display: flex; gap: 12px; flex-wrap: wrap; } .number { flex: 1 1 150px; border: 1px solid #E3E7ED;
  border-radius: 8px; padding: 10px 14px; } .number b { display: block; font-size: 24px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 8px 10px; border-bottom: 1px solid #ECEFF3; vertical-align: top; }
.muted { color: #616E7C; }
"""


def _rows(shared: list[dict[str, Any]]) -> str:
    if not shared:
        return '<p class="muted wb-coach-empty">No client shares a report yet.</p>'
    body = []
    for e in shared:
        user = esc(e.get("user"))
        names = "initials only" if e.get("initials") else "names"
        goals = ", ".join(esc(g) for g in e.get("goals_in_progress") or []) or "—"
        body.append(
            f'<tr class="wb-coach-report" data-user="{user}"><td><a href="reports/{user}">{user}</a></td>'
            f'<td>{esc(e.get("shared_at", ""))[:16].replace("T", " ")}</td><td>{esc(names)}</td>'
            f'<td>{int(e.get("contacts") or 0):,}</td><td>{esc(e.get("last_exchange") or "none")}</td>'
            f"<td>{goals}</td></tr>")
    return ('<table class="wb-coach-reports"><thead><tr><th>Client</th><th>Shared</th><th>Contacts shown by</th>'
            "<th>Contacts</th><th>Last exchange</th><th>Goals in progress</th></tr></thead><tbody>"
            + "".join(body) + "</tbody></table>")


def render_index(shared: list[dict[str, Any]], summary: dict[str, Any], *, coach: str) -> str:
    """The coach's page: the cohort summary and the list of shared reports (all text escaped)."""
    goals = "".join(f"<li>{esc(t)} <span class=\"muted\">({n} client{'s' if n != 1 else ''})</span></li>"
                    for t, n in summary["goals"]) or '<li class="muted">None shared.</li>'
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Your cohort: shared reports</title>
<style>{_STYLE}</style></head><body><main>
<h1>Your cohort</h1>
<p class="muted">Signed in as {esc(coach)}. Only what clients chose to share is here; they can withdraw it
at any time. Figures as of {esc(summary["as_of"])}.</p>
<section class="wb-coach-summary"><h2>Cohort summary (shared reports only)</h2><div class="numbers">
<div class="number wb-coach-shared"><b>{summary["shared"]}</b>shared reports</div>
<div class="number wb-coach-active"><b>{summary["active_this_week"]}</b>active this week</div>
<div class="number wb-coach-goals"><b>{summary["goals_in_progress"]}</b>goals in progress</div>
</div><h3>Goals in progress</h3><ul class="wb-coach-goal-list">{goals}</ul></section>
<section><h2>Shared reports</h2>{_rows(shared)}</section>
</main></body></html>
"""


def make_app(folder: Path, prefix: str, *, today=dt.date.today):
    """The tornado application of the service (imported late: tests of the pages need no hub)."""
    from jupyterhub.services.auth import HubOAuthCallbackHandler, HubOAuthenticated
    from jupyterhub.utils import url_path_join
    from tornado import web

    class CoachPage(HubOAuthenticated, web.RequestHandler):
        def set_default_headers(self) -> None:
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Content-Type-Options", "nosniff")

    class IndexHandler(CoachPage):
        @web.authenticated
        def get(self) -> None:
            shared = read_shared(folder)
            self.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; "
                                                       "frame-ancestors 'none'")
            self.finish(render_index(shared, summarise_cohort(shared, as_of=today()),
                                     coach=self.current_user["name"]))

    class ReportHandler(CoachPage):
        @web.authenticated
        def get(self, user: str) -> None:
            try:
                path = report_path(folder, check_user(user))
            except ValueError:
                path = None
            if path is None:
                raise web.HTTPError(404, "This client shares no report (or withdrew it).")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            # The report runs plotly: its scripts get an opaque origin, no cookies, no network.
            self.set_header("Content-Security-Policy", "sandbox allow-scripts; default-src 'none'; "
                            "script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; img-src data:")
            self.finish(path.read_bytes())

    return web.Application([
        (prefix, IndexHandler),
        (url_path_join(prefix, "reports/([^/]+)"), ReportHandler),
        (url_path_join(prefix, "oauth_callback"), HubOAuthCallbackHandler),
    ], cookie_secret=os.urandom(32))


def main() -> None:
    """Serve on the port the hub gives (``JUPYTERHUB_SERVICE_URL``)."""
    from tornado.ioloop import IOLoop

    folder = Path(os.environ[SHARE_DIR_ENV])
    folder.mkdir(parents=True, exist_ok=True)
    url = urlparse(os.environ["JUPYTERHUB_SERVICE_URL"])
    prefix = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", f"/services/{SERVICE_NAME}/")
    # 127.0.0.1 unless told otherwise (on Kubernetes the proxy reaches it from another pod)
    make_app(folder, prefix).listen(url.port, os.environ.get("WORKBOOK_COACH_BIND", "127.0.0.1"))
    IOLoop.current().start()


if __name__ == "__main__":
    main()
