"""Ctrl-C that arrives between prompts (a question printing, an answer being graded) pauses at the next read
instead of ending the program with a bare "Aborted!": both the piped reader and the prompt_toolkit one."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pexpect

SCRIPT = textwrap.dedent(
    """
    import os, signal
    from interview_coach.cli.typing_prompt import LineReader

    reader = LineReader()
    with reader.holding_ctrl_c():
        os.kill(os.getpid(), signal.SIGINT)  # as if pressed while an answer was being graded
        print("still running")
        line = reader.read("> ")
        print(f"ended={line.ended} text={line.text!r}")
        line = reader.read("> ")
        print(f"next={line.ended} text={line.text!r}")
    """
)


def test_ctrl_c_between_reads_ends_the_next_piped_read() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], input="typed later\n", capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "still running" in done.stdout
    assert "ended=interrupt text=''" in done.stdout
    assert "next=None text='typed later'" in done.stdout  # only one read is ended by one Ctrl-C


def test_ctrl_c_between_reads_ends_the_next_terminal_read() -> None:
    child = pexpect.spawn(sys.executable, ["-c", SCRIPT], env={**os.environ, "TERM": "dumb"}, timeout=60)
    child.expect("still running")
    child.expect("ended=interrupt text=''")
    child.expect("> ")
    child.sendline("typed later")
    child.expect("next=None text='typed later'")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_handler_is_restored_after_the_loop() -> None:
    from interview_coach.cli.typing_prompt import LineReader

    before = signal.getsignal(signal.SIGINT)
    with LineReader().holding_ctrl_c():
        assert signal.getsignal(signal.SIGINT) is not before
    assert signal.getsignal(signal.SIGINT) is before
