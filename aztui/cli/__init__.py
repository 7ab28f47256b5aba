"""The ``aztui`` command: ``main`` parses (``main.py``), ``commands.py`` acts."""

from aztui.cli.main import main

__all__ = ["main"]
