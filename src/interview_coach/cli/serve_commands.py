"""serve: the local web app (library, search and ask, practice, progress, import) over the same bank."""

from __future__ import annotations

import click

from interview_coach.cli import cli

_HELP = {"help_option_names": ["-h", "--help"]}


@cli.command("serve", context_settings=_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in your web browser.")
@click.option("--team", is_flag=True, envvar="COACH_TEAM", help="Accounts: each user sees only their own bank.")
@click.option("--signup", is_flag=True, envvar="COACH_TEAM_SIGNUP", help="Team mode: anyone may make an account.")
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Worker processes (one per core)."
)
@click.pass_context
def serve_cmd(
    ctx: click.Context, host: str, port: int, open_browser: bool, team: bool, signup: bool, workers: int
) -> None:
    """Run the web app: browse and search your notes, practise with graded feedback, see your progress.

    It listens on 127.0.0.1 (this computer only) by default because, without --team, it has no accounts: anyone
    who can reach the port can read your notes and answers. With --team (or COACH_TEAM=1) users sign in (an admin
    makes them with `coach users add`) and each sees only their own bank; put it behind an HTTPS reverse proxy on
    the same machine. The JSON API is under /api, documented at /docs.

    \b
    Example:
      coach serve --open
      coach serve --port 8080
      coach serve --workers 2          # one process per core
      COACH_DATABASE_URL=postgresql://coach@db/coach coach serve --team --workers 4
    """
    import uvicorn

    from interview_coach.config import database_url, load_settings
    from interview_coach.web import create_app

    url = database_url(ctx.obj.get("db"), demo=bool(ctx.obj.get("demo")))
    address = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}/"
    if team:
        _serve_team(url, host, port, signup, workers, address)
        return
    app = create_app(load_settings(), url)  # opens (and migrates) the bank once, here, before any worker starts
    click.echo(f"Serving interview-coach at {address} (Ctrl-C stops it).")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, (address,)).start()
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="warning")
        return
    import os

    os.environ["COACH_DATABASE_URL"] = url  # each worker builds its own app over the same bank
    factory = "interview_coach.web.app:app_from_env"
    uvicorn.run(factory, factory=True, host=host, port=port, workers=workers, log_level="warning")


def _serve_team(url: str, host: str, port: int, signup: bool, workers: int, address: str) -> None:
    """Each worker process builds its own app from the environment (uvicorn's factory); they share only the bank."""
    import os

    import uvicorn

    from interview_coach.bank import open_bank

    open_bank(url, for_writing=True).close()  # a bank that cannot be opened or upgraded fails here, once, in one line
    os.environ.update(COACH_DATABASE_URL=url, COACH_TEAM="1", COACH_TEAM_SIGNUP="1" if signup else "")
    click.echo(f"Serving interview-coach for a team at {address} with {workers} worker(s) (Ctrl-C stops it).")
    factory = "interview_coach.web.auth:app_from_env"
    uvicorn.run(factory, factory=True, host=host, port=port, workers=workers, log_level="warning", proxy_headers=True)
