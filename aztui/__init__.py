"""aztui: a terminal cockpit for the Amazon A-to-z Guarantee and seller metrics."""

__version__ = "0.1.0"
