"""One module per pane; each reads what it shows through ``aztui.tui.snapshot``."""
