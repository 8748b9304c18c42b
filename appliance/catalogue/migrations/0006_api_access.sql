-- ScanSide catalogue, schema 6: who may use the HTTP API, and who looked at patient data.
-- Tokens are stored as their SHA-256 only; the token itself is shown once, when it is created.
-- audit_log is append-only: no code path updates or deletes its rows.

CREATE SEQUENCE api_token_ids START 1;
CREATE TABLE api_tokens (
    token_id        BIGINT PRIMARY KEY DEFAULT nextval('api_token_ids'),
    name            VARCHAR NOT NULL,         -- who holds it: a person, a system, 'local-admin'
    role            VARCHAR NOT NULL,         -- technologist | clinician | admin
    token_sha256    VARCHAR NOT NULL UNIQUE,  -- hex digest of the bearer token
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    revoked_at      TIMESTAMP                 -- set when revoked; a revoked token is refused
);

CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
    audit_id        BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
    accessed_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    token_id        BIGINT,                   -- NULL when no valid token was presented
    token_name      VARCHAR,
    role            VARCHAR,
    client          VARCHAR,                  -- remote address of the request
    action          VARCHAR NOT NULL,         -- study.read, findings.list, query.run, ...
    method          VARCHAR NOT NULL,
    path            VARCHAR NOT NULL,
    query_string    VARCHAR,
    study_uid       VARCHAR,                  -- the study concerned, when the request names one
    status_code     INTEGER NOT NULL
);
CREATE INDEX audit_log_accessed_at ON audit_log (accessed_at);
