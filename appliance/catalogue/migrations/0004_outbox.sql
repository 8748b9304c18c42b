-- ScanSide catalogue, schema 4: the results outbox (owned by appliance.results.outbox).
-- One row per object per PACS destination. A row is written after the object's file is durable
-- under <data>/outbox and before any attempt to send it, so a crash never loses a send.
-- state: pending (to send, at next_attempt_at) | sent (stored; never sent again) |
--        failed (gave up after pacs.max_attempts, or refused for good; last_error says why).

CREATE SEQUENCE outbox_ids START 1;
CREATE TABLE outbox (
    outbox_id       BIGINT PRIMARY KEY DEFAULT nextval('outbox_ids'),
    object_path     VARCHAR NOT NULL,        -- relative to the data directory (outbox/...)
    sop_class_uid   VARCHAR NOT NULL,
    sop_instance_uid VARCHAR NOT NULL,
    study_uid       VARCHAR NOT NULL,
    series_uid      VARCHAR,                 -- the analysed (source) series
    destination     VARCHAR NOT NULL,        -- pacs.destinations[].name
    state           VARCHAR NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,      -- UTC
    last_error      VARCHAR,
    last_status     INTEGER,                 -- last DICOM status received, if any
    created_at      TIMESTAMP NOT NULL,      -- UTC
    updated_at      TIMESTAMP NOT NULL,      -- UTC
    sent_at         TIMESTAMP,               -- UTC
    UNIQUE (sop_instance_uid, destination)
);
-- No index on state: DuckDB applies updates of indexed columns as delete + insert; the table is
-- small (a few rows per analysed series) and scanned quickly.
