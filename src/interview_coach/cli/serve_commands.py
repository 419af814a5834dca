"""serve: the local web app (library, search and ask, practice, progress, import) over the same bank."""

from __future__ import annotations

import click

from interview_coach.cli import cli

_HELP = {"help_option_names": ["-h", "--help"]}


@cli.command("serve", context_settings=_HELP)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True, help="Port to listen on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the app in your web browser.")
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int, open_browser: bool) -> None:
    """Run the web app: browse and search your notes, practise with graded feedback, see your progress.

    It listens on 127.0.0.1 (this computer only) by default because it has no accounts: anyone who can reach
    the port can read your notes and answers. Use --host 0.0.0.0 only on a network you trust. The JSON API is
    under /api, documented at /docs.

    \b
    Example:
      coach serve --open
      coach serve --port 8080
    """
    import uvicorn

    from interview_coach.config import database_url, load_settings
    from interview_coach.web import create_app

    url = database_url(ctx.obj.get("db"), demo=bool(ctx.obj.get("demo")))
    app = create_app(load_settings(), url)
    address = f"http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}/"
    click.echo(f"Serving interview-coach at {address} (Ctrl-C stops it).")
    if open_browser:
        import threading
        import webbrowser

        threading.Timer(1.0, webbrowser.open, (address,)).start()
    uvicorn.run(app, host=host, port=port, log_level="warning")
