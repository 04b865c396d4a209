"""JupyterHub for a coach and a cohort: the one configuration file (``workbook hub`` / ``make hub``).

Read by ``jupyterhub -f workbook/hub/jupyterhub_config.py``; ``workbook hub`` (workbook.hub.run)
sets the environment variables below and starts it. Everything listens on 127.0.0.1.

Environment (all optional):
    WORKBOOK_HUB_STATE       the hub's folder: its database, cookie secret, users' homes, shared reports
                             (default: <user data folder>/networking-workbook/hub)
    WORKBOOK_HUB_PORT        the address people open, http://127.0.0.1:PORT/ (default 8000)
    WORKBOOK_HUB_API_PORT    the hub's own API (default 8081); WORKBOOK_HUB_PROXY_API_PORT the proxy's
                             (default 8001); WORKBOOK_HUB_COACH_PORT the coach's page (default 8002)
    WORKBOOK_HUB_COACH       the coach's user name (default "coach")
    WORKBOOK_HUB_CULL_AFTER  seconds without use before a user's server is stopped (default 3600)

What each part does:
    * Sign-up and approval: NativeAuthenticator (workbook.hub.auth.CohortAuthenticator). Clients sign
      up at /hub/signup, the coach signs up first (approved at once) and approves the others at
      /hub/authorize. The coach is not a hub admin: the "coach" role may manage accounts and open the
      coach's page, never a client's server (no access:servers, no tokens).
    * Each user's server: jupyterhub-singleuser (Jupyter Server + JupyterLab) with Voila's server
      extension. Its default URL is the workbook app (/user/NAME/voila/render/app.ipynb); JupyterLab
      with the chapters is at /user/NAME/lab. Its workbook is <state>/users/NAME/data/workbook.sqlite
      (WORKBOOK_DB), made by workbook.hub.home.prepare_home before each start.
    * Isolation on one machine: SimpleLocalProcessSpawner, every server a process of the account that
      runs the hub. The hub refuses another user's URL; the operating system does not separate users
      (see docs/hub.md). Past one machine: deploy/ (Zero to JupyterHub, one pod and volume per user).
    * The coach's page: service "coach" (workbook.hub.service) at /services/coach/, reading only
      <state>/shared/, where a client's "Share my report with my coach" writes (WORKBOOK_SHARE_DIR).
    * The idle culler (jupyterhub-idle-culler) stops servers nobody used for WORKBOOK_HUB_CULL_AFTER s;
      inside a server, kernels without a page are culled after 10 minutes.
"""
import os
import sys
from pathlib import Path

from workbook.hub.home import prepare_home, workbook_path
from workbook.hub.share import SHARE_DIR_ENV, USER_PATTERN
from workbook.serve import app_dir, jupyter_path_with_template
from workbook.store import APP_NAME

HOST = "127.0.0.1"


class Settings:
    """The environment variables above, read once (``env`` is ``os.environ`` unless a test gives one)."""

    def __init__(self, env=None):
        env = os.environ if env is None else env
        data = Path(__import__("platformdirs").user_data_dir(APP_NAME, appauthor=False))
        self.state = Path(env.get("WORKBOOK_HUB_STATE") or data / "hub").resolve()
        self.port = int(env.get("WORKBOOK_HUB_PORT", 8000))
        self.api_port = int(env.get("WORKBOOK_HUB_API_PORT", 8081))
        self.proxy_api_port = int(env.get("WORKBOOK_HUB_PROXY_API_PORT", 8001))
        self.coach_port = int(env.get("WORKBOOK_HUB_COACH_PORT", 8002))
        self.coach = env.get("WORKBOOK_HUB_COACH", "coach")
        self.cull_after = int(env.get("WORKBOOK_HUB_CULL_AFTER", 3600))
        self.mem_limit = env.get("WORKBOOK_HUB_MEM_LIMIT", "1G")
        self.jupyter_path = env.get("JUPYTER_PATH")
        self.shared = self.state / "shared"
        self.homes = self.state / "users"


def hub_and_proxy(c, s):
    """The hub and its proxy: localhost only, all state in one folder."""
    c.JupyterHub.ip = HOST
    c.JupyterHub.port = s.port
    c.JupyterHub.hub_ip = HOST
    c.JupyterHub.hub_port = s.api_port
    c.ConfigurableHTTPProxy.api_url = f"http://{HOST}:{s.proxy_api_port}"
    c.ConfigurableHTTPProxy.pid_file = str(s.state / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{s.state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(s.state / "jupyterhub_cookie_secret")
    c.JupyterHub.pid_file = str(s.state / "jupyterhub.pid")
    c.JupyterHub.cleanup_servers = True  # a stopped hub stops every user's server
    c.JupyterHub.admin_access = False  # nobody opens another person's server, admins included


def sign_up_and_roles(c, s):
    """Sign-up with approval, and the coach's role (accounts and the coach's page, no servers)."""
    c.JupyterHub.authenticator_class = "workbook.hub.auth.CohortAuthenticator"
    c.CohortAuthenticator.coach = s.coach
    c.Authenticator.allow_all = True  # every approved sign-up may sign in (NativeAuthenticator checks approval)
    c.Authenticator.username_pattern = f"^{USER_PATTERN}$"  # also a safe folder name for shared reports
    c.NativeAuthenticator.minimum_password_length = 10
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.allowed_failed_logins = 5
    c.NativeAuthenticator.seconds_before_next_try = 600
    c.JupyterHub.load_roles = [
        {"name": "coach", "description": "Approves sign-ups and opens the coach's page; never a client's server.",
         "users": [s.coach], "scopes": ["admin:users", "access:services!service=coach", "read:services"]},
        {"name": "idle-culler", "services": ["idle-culler"],
         "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
    ]


def user_servers(c, s):
    """Each user's server: the workbook app (Voila) and JupyterLab, in the user's own folder."""
    c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
    c.SimpleLocalProcessSpawner.home_dir_template = str(s.homes / "{username}")
    c.Spawner.cmd = [str(Path(sys.executable).with_name("jupyterhub-singleuser"))]
    c.Spawner.notebook_dir = str(s.homes / "{username}")
    c.Spawner.default_url = "/voila/render/app.ipynb"
    c.Spawner.disable_user_config = True  # a user's ~/.jupyter cannot switch back on what is off here
    c.Spawner.environment = {
        "WORKBOOK_DB": lambda spawner: str(workbook_path(Path(spawner.home_dir))),
        SHARE_DIR_ENV: str(s.shared),
        # Voila's server extension finds the app's template in JUPYTER_PATH and its settings (workbook/app/
        # voila.json: template, no code shown, tracebacks in the log only, files limited) in the config path.
        "JUPYTER_PATH": jupyter_path_with_template(s.jupyter_path),
        "JUPYTER_CONFIG_PATH": str(app_dir()),
    }
    c.Spawner.args = [
        "--ServerApp.terminals_enabled=False",
        '--ServerApp.tornado_settings={"websocket_max_message_size": 220200960}',  # the importer's 200 MB
        "--MappingKernelManager.cull_idle_timeout=600",
        "--MappingKernelManager.cull_interval=60",
        "--MappingKernelManager.cull_connected=False",
        *(["--allow-root"] if os.geteuid() == 0 else []),  # CI runs as root; Jupyter Server refuses it otherwise
    ]
    c.Spawner.pre_spawn_hook = lambda spawner: prepare_home(Path(spawner.home_dir))
    c.Spawner.mem_limit = s.mem_limit  # from deploy/capacity.md (enforced on Kubernetes, not here)
    c.Spawner.start_timeout = 120
    c.Spawner.http_timeout = 90


def services(c, s):
    """The coach's page and the idle culler."""
    c.JupyterHub.services = [
        {"name": "coach", "display": True, "oauth_no_confirm": True, "url": f"http://{HOST}:{s.coach_port}",
         "command": [sys.executable, "-m", "workbook.hub.service"], "environment": {SHARE_DIR_ENV: str(s.shared)}},
        {"name": "idle-culler",
         "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={s.cull_after}",
                     f"--cull-every={max(30, min(300, s.cull_after // 2))}"]},
    ]


def configure(c, env=None):
    """Fill JupyterHub's config ``c``; makes the state folders. Returns the settings used."""
    s = Settings(env)
    for folder in (s.state, s.shared, s.homes):
        folder.mkdir(parents=True, exist_ok=True)
    os.chmod(s.state, 0o700)  # the hub's database and cookie secret: for the account running the hub only
    for part in (hub_and_proxy, sign_up_and_roles, user_servers, services):
        part(c, s)
    return s


# JupyterHub runs this file with get_config() defined; imported (tests, doctests) it only defines the above.
if "get_config" in globals():
    configure(get_config())  # noqa: F821
