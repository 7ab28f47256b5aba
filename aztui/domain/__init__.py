"""Pure domain rules: objects, policy, claim lifecycle, deadlines, metrics, risks, forecasts.

No I/O, no Textual, no pluggy; every computation takes ``now`` as a parameter.
"""
