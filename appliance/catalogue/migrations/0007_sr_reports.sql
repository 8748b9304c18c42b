-- Text reports received as DICOM SR: which SR instances the report intake has read, and what
-- came of each (so a restart neither reads one twice nor skips one).
CREATE TABLE sr_reports_taken (
    sop_instance_uid VARCHAR NOT NULL,
    version         INTEGER NOT NULL,
    study_uid       VARCHAR NOT NULL,
    outcome         VARCHAR NOT NULL,        -- report | no-text | measurement-report | unreadable
    detail          VARCHAR,
    taken_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
    PRIMARY KEY (sop_instance_uid, version)
);
