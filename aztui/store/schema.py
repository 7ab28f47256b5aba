"""Versioned migrations of the SQLite store, applied in order; ``PRAGMA user_version`` is the
version reached. A migration is a list of statements run in one transaction.

Derived columns (after ``-- derived``) are written by the engine, never by an import: they are
the facts the metric queries count, indexed so a window is an index range scan.
"""

from __future__ import annotations

import re

RECORD_TABLES = """
CREATE TABLE orders (
    order_id TEXT PRIMARY KEY,
    purchase_date INTEGER NOT NULL,
    marketplace TEXT, status TEXT, fulfillment TEXT, order_total TEXT, currency TEXT,
    latest_ship_date INTEGER, latest_delivery_date INTEGER, is_prime INTEGER,
    cancelled_at INTEGER, cancelled_by TEXT, buyer_requested_cancel INTEGER, out_of_stock INTEGER,
    -- derived
    mfn INTEGER NOT NULL DEFAULT 1, odr_defect INTEGER NOT NULL DEFAULT 0,
    late_population INTEGER NOT NULL DEFAULT 0, late INTEGER NOT NULL DEFAULT 0,
    seller_cancel INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE shipments (
    order_id TEXT NOT NULL, tracking_number TEXT NOT NULL,
    confirmed_at INTEGER, carrier TEXT, service TEXT, buy_shipping INTEGER,
    claims_protected INTEGER, signature INTEGER, first_scan_at INTEGER, delivered_at INTEGER,
    status TEXT,
    -- derived
    basis_at INTEGER, tracking_population INTEGER NOT NULL DEFAULT 0,
    tracking_valid INTEGER NOT NULL DEFAULT 0, delivery_population INTEGER NOT NULL DEFAULT 0,
    on_time INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (order_id, tracking_number)
);
CREATE TABLE returns (
    return_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, requested_at INTEGER NOT NULL,
    in_policy INTEGER, status TEXT, acted_at INTEGER, rejection_valid INTEGER,
    -- derived
    dissatisfaction_eligible_at INTEGER, dissatisfied INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE claims (
    claim_id TEXT PRIMARY KEY, order_id TEXT NOT NULL, type TEXT NOT NULL,
    filed_at INTEGER NOT NULL, amount TEXT, currency TEXT, response_requested_at INTEGER,
    responded_at INTEGER, decided_at INTEGER, decision TEXT, funded_by TEXT, counts_in_odr TEXT,
    appeal_filed_at INTEGER, appeal_info_requested_at INTEGER,
    appeal_info_responded_at INTEGER, appeal_decided_at INTEGER, appeal_outcome TEXT
);
CREATE TABLE messages (
    message_id TEXT PRIMARY KEY, received_at INTEGER NOT NULL, order_id TEXT,
    answered_at INTEGER, no_response_needed INTEGER,
    -- derived
    late_population INTEGER NOT NULL DEFAULT 0, late_eligible_at INTEGER,
    late INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE feedback (
    order_id TEXT NOT NULL, date INTEGER NOT NULL, rating INTEGER NOT NULL, removed INTEGER,
    PRIMARY KEY (order_id, date)
);
CREATE TABLE chargebacks (
    order_id TEXT NOT NULL, date INTEGER NOT NULL, kind TEXT,
    PRIMARY KEY (order_id, date)
);
"""

DERIVED_TABLES = """
CREATE TABLE deadlines (
    bundle TEXT NOT NULL, rule TEXT NOT NULL, subject TEXT NOT NULL, order_id TEXT,
    due INTEGER NOT NULL, starts_at INTEGER, done INTEGER NOT NULL, done_at INTEGER,
    closed INTEGER NOT NULL, after_due TEXT NOT NULL
);
CREATE TABLE risks (
    bundle TEXT NOT NULL, signal TEXT NOT NULL, order_id TEXT NOT NULL, subject TEXT NOT NULL,
    detail TEXT NOT NULL, active_from INTEGER NOT NULL, active_until INTEGER NOT NULL
);
CREATE TABLE metric_facts (
    bundle TEXT NOT NULL, metric TEXT NOT NULL, subject TEXT NOT NULL, basis_at INTEGER NOT NULL,
    eligible_at INTEGER, counted INTEGER NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE imports (
    id INTEGER PRIMARY KEY, at INTEGER NOT NULL, source TEXT NOT NULL, kind TEXT NOT NULL,
    records INTEGER NOT NULL
);
"""

ORDER_INDEXES_V1 = """
CREATE INDEX orders_by_purchase ON orders (mfn, purchase_date, odr_defect, seller_cancel);
CREATE INDEX orders_by_ship_date ON orders (late_population, latest_ship_date, late);
"""

ORDER_INDEXES = """
CREATE INDEX orders_by_purchase ON orders (purchase_date, odr_defect, seller_cancel)
    WHERE mfn = 1;
CREATE INDEX orders_by_ship_date ON orders (latest_ship_date, late) WHERE late_population = 1;
"""
"""Only the orders a metric counts: Amazon fulfils the others, and no metric reads them."""

INDEXES = """
CREATE INDEX shipments_by_basis ON shipments (basis_at, tracking_population, tracking_valid,
    delivery_population, on_time);
CREATE INDEX returns_by_order ON returns (order_id);
CREATE INDEX returns_by_request ON returns (requested_at, dissatisfaction_eligible_at,
    dissatisfied);
CREATE INDEX claims_by_order ON claims (order_id);
CREATE INDEX messages_by_order ON messages (order_id);
CREATE INDEX messages_by_receipt ON messages (late_population, received_at, late_eligible_at,
    late);
CREATE INDEX deadlines_by_bundle ON deadlines (bundle);
CREATE INDEX deadlines_by_subject ON deadlines (rule, subject);
CREATE INDEX deadlines_pending ON deadlines (due) WHERE done = 0 AND closed = 0;
CREATE INDEX deadlines_overdue ON deadlines (due)
    WHERE done = 0 AND closed = 0 AND after_due = 'overdue';
CREATE INDEX risks_by_bundle ON risks (bundle);
CREATE INDEX risks_by_end ON risks (active_until, active_from);
CREATE INDEX metric_facts_by_bundle ON metric_facts (bundle);
CREATE INDEX metric_facts_by_basis ON metric_facts (metric, basis_at, eligible_at, counted);
"""


AMAZON_FIGURES = """
CREATE TABLE amazon_figures (
    marketplace TEXT NOT NULL, metric TEXT NOT NULL, window_end INTEGER NOT NULL,
    window_start INTEGER, rate REAL, numerator INTEGER, denominator INTEGER, target REAL,
    target_condition TEXT, status TEXT, imported_at INTEGER NOT NULL,
    PRIMARY KEY (marketplace, metric, window_end)
);
"""
"""Every account-health report, one row per metric and window: the latest is shown beside
aztui's figure, the others are its trend."""

AMAZON_FIGURE_DETAILS = """
ALTER TABLE amazon_figures ADD COLUMN numerator_derived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE amazon_figures ADD COLUMN score INTEGER;
ALTER TABLE amazon_figures ADD COLUMN parts TEXT
"""
"""Whether Amazon's numerator was derived from its rate and count, the account health
rating's score, and the counts a figure is made of (``aztui.store.sql_health``)."""


TRACKING_TABLES = """
CREATE TABLE tracking_events (
    tracking_number TEXT NOT NULL, at INTEGER NOT NULL, code TEXT NOT NULL,
    order_id TEXT NOT NULL, status TEXT NOT NULL, description TEXT NOT NULL,
    place TEXT NOT NULL,
    PRIMARY KEY (tracking_number, at, code)
) WITHOUT ROWID;
CREATE INDEX tracking_events_by_order ON tracking_events (order_id);
CREATE TABLE tracking_checks (
    tracking_number TEXT NOT NULL, order_id TEXT NOT NULL, carrier TEXT NOT NULL,
    checked_at INTEGER NOT NULL, error TEXT,
    PRIMARY KEY (order_id, tracking_number)
);
"""
"""Every carrier event once (its number, instant and code are its identity), and when each
parcel was last asked about, of which carrier, with what error."""


OUTBOX_TABLES = """
CREATE TABLE outbox (
    alert_id TEXT NOT NULL, channel TEXT NOT NULL, alert TEXT NOT NULL,
    status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL,
    sent_at INTEGER, last_error TEXT,
    PRIMARY KEY (alert_id, channel)
);
CREATE INDEX outbox_due ON outbox (next_at) WHERE status = 'pending';
CREATE TABLE snoozes (subject TEXT PRIMARY KEY, until INTEGER NOT NULL);
"""
"""Every alert once per channel, kept until sent (or given up), so a crash or an outage loses
nothing and a restart sends nothing twice; and the items the seller snoozed."""


PLUGIN_FAULTS = """
CREATE TABLE plugin_faults (
    plugin TEXT NOT NULL, kind TEXT NOT NULL, item TEXT NOT NULL, version TEXT NOT NULL,
    error TEXT NOT NULL, since INTEGER NOT NULL, at INTEGER NOT NULL,
    PRIMARY KEY (plugin, kind, item)
);
"""
"""Each plugin rule or metric whose results some stored bundles lack, with why, since when
and at which version of its plugin (``sql_faults``)."""


def statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


MIGRATIONS: list[list[str]] = [
    statements(RECORD_TABLES)
    + statements(DERIVED_TABLES)
    + statements(ORDER_INDEXES_V1)
    + statements(INDEXES),
    [
        "DROP INDEX orders_by_purchase",
        "DROP INDEX orders_by_ship_date",
        *statements(ORDER_INDEXES),
    ],
    [
        "ALTER TABLE orders ADD COLUMN verge_of_late_shipment INTEGER",
        "ALTER TABLE orders ADD COLUMN verge_of_cancellation INTEGER",
    ],
    statements(AMAZON_FIGURES),
    [
        "ALTER TABLE shipments ADD COLUMN carrier_status TEXT",
        "ALTER TABLE shipments ADD COLUMN last_event_at INTEGER",
        "ALTER TABLE shipments ADD COLUMN proof_of_delivery TEXT",
        *statements(TRACKING_TABLES),
    ],
    statements(OUTBOX_TABLES),
    ["CREATE INDEX shipments_to_track ON shipments (confirmed_at) WHERE tracking_number != ''"],
    statements(PLUGIN_FAULTS),
    statements(AMAZON_FIGURE_DETAILS),
]
"""MIGRATIONS[n] takes the store from version n to n + 1."""

SECONDARY_INDEXES: list[str] = statements(ORDER_INDEXES) + statements(INDEXES)
"""Dropped and rebuilt around a bulk load into an empty store (the staging path,
CONTRIBUTING.md)."""


def index_name(statement: str) -> str:
    return statement.split(" ON ")[0].split()[-1]


TABLES: tuple[str, ...] = tuple(
    dict.fromkeys(
        match
        for migration in MIGRATIONS
        for statement in migration
        for match in re.findall(r"^CREATE TABLE (\w+)", statement)
    )
)
"""Every table the migrations create, in order: what moving a store copies."""
