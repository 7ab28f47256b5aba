"""The terminal app (Textual): ``app.py`` is thin; each pane is a module of ``panes/``."""
