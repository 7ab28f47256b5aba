"""Why a cell is refused, in English, by code: ``values.BadValue.of`` gives them."""

from __future__ import annotations

REASONS: dict[str, str] = {
    "value_missing": "is empty, but a value is required",
    "value_bom": (
        "holds a byte-order mark (U+FEFF), which belongs only at the very start of a "
        "file: were two files joined together? Remove it"
    ),
    "value_surrogate": (
        "holds a lone surrogate ({char}), half of a UTF-16 pair, which is not "
        "a character: is a JSON \\u escape cut in two?"
    ),
    "value_nul": "holds a NUL character ({char}), which no value may hold",
    "value_control": "holds a control character ({char}), which no value may hold",
    "value_too_long": "is {length} characters long, more than the {limit} allowed",
    "value_not_currency": "is not a valid currency (expected 3 letters, e.g. EUR)",
    "value_not_code": "is not a valid {what} (expected a code, e.g. FR)",
    "value_not_date": "is not a valid date (expected ISO 8601, e.g. {example})",
    "value_not_date_year_first": (
        "is not a valid date (expected ISO 8601, e.g. {example}; write the year first)"
    ),
    "value_out_of_years": (
        "is outside the years aztui reads ({earliest} to {latest}): nothing on Amazon is dated so"
    ),
    "value_not_boolean": "is not a yes/no value (expected true/false, yes/no, oui/non or 1/0)",
    "value_too_large": "is more than any Amazon order or claim can cost (the limit is {limit})",
    "value_too_precise": "has more than two decimals: no currency Amazon uses has finer units",
    "value_negative": "is negative: an amount of money must be 0 or more",
    "value_ambiguous_amount": (
        "is ambiguous: write amounts with one decimal separator and no "
        "thousands separator, e.g. 1234.50 or 1234,50"
    ),
    "value_ambiguous_group": (
        "is ambiguous: {cell} may be read as a thousands group or as "
        "decimals; write 1234{decimal}00 or 1.23"
    ),
    "value_not_amount": "is not an amount (expected e.g. 12.50 or 12,50)",
    "value_not_rating": "is not a rating (expected a whole number from 1 to 5)",
    "value_not_choice": "is not a valid {what} (expected one of {expected})",
    "value_not_known": "is not a known {what} (read as one of {expected})",
    "value_not_single": "is not a single value (a list or an object)",
    "value_not_report_date": "is not a valid date (expected e.g. 10-Jul-2025 or {example})",
    "value_not_local_date": (
        "is not a valid date (expected {shape}, as {channel} writes dates; for another "
        "marketplace's report, import it with --marketplace or set `marketplace`)"
    ),
    "value_not_local_date_anywhere": (
        "is not a valid date (expected {shape}, as most marketplaces write dates; for another "
        "marketplace's report, import it with --marketplace or set `marketplace`)"
    ),
}
"""Why a cell is refused, in English, by code (``BadValue.of``); the interface words them in
the reader's language from ``problem_<code>`` (docs/translating.md). A ``{what}`` is the
kind of value (``order status``), which the catalogs name as ``problem_what_<what>``."""
