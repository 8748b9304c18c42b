-- ScanSide catalogue, schema 14: every de-identified research export, who made it and what left.
-- Append-only, like audit_log: one row per export, written when the export is complete. The
-- pseudonym map itself is not here (it is a file under <data>/exports/, readable by the service
-- user only); map_path says where.

CREATE SEQUENCE export_ids START 1;
CREATE TABLE exports (
    export_id       BIGINT PRIMARY KEY DEFAULT nextval('export_ids'),
    name            VARCHAR NOT NULL UNIQUE,  -- the export's own id (folder and map file name)
    requested_by    VARCHAR NOT NULL,         -- API token name, or the OS user of the CLI
    role            VARCHAR,                  -- the token's role (admin), NULL from the CLI
    question        VARCHAR,                  -- the cohort question, when the cohort came from one
    study_count     INTEGER NOT NULL,
    file_count      INTEGER NOT NULL,         -- DICOM files written
    refused_count   INTEGER NOT NULL,         -- files not exported (burned-in annotation, ...)
    refused         VARCHAR,                  -- JSON: [{path, reason}] (original identifiers: stays here)
    size_bytes      BIGINT NOT NULL,
    seconds         DOUBLE NOT NULL,
    out_dir         VARCHAR NOT NULL,
    map_path        VARCHAR NOT NULL,
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);
