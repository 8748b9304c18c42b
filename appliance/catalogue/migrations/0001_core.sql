-- ScanSide catalogue, schema 1: what was received, what was found, what was reported.
-- Imported cohort data (scanside import-cohort) lands in the same tables with source = 'import'.

CREATE TABLE patients (
    patient_id      VARCHAR PRIMARY KEY,      -- DICOM PatientID, or the cohort's patient_id
    patient_name    VARCHAR,
    sex             VARCHAR,                  -- F, M, O (DICOM PatientSex), NULL if unknown
    birth_date      DATE,
    source          VARCHAR NOT NULL DEFAULT 'dicom',   -- dicom | import
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE studies (
    study_uid       VARCHAR PRIMARY KEY,
    patient_id      VARCHAR NOT NULL,
    accession       VARCHAR,
    study_date      DATE,
    study_time      VARCHAR,
    modality        VARCHAR,                  -- main modality (CT, DX, ...)
    body_part       VARCHAR,                  -- CHEST, HEAD, ...
    description     VARCHAR,
    station         VARCHAR,
    institution     VARCHAR,
    referring_physician VARCHAR,
    patient_age_years INTEGER,                -- whole years on the study date
    source          VARCHAR NOT NULL DEFAULT 'dicom',
    received_at     TIMESTAMP,                -- first image received
    lung_rads       VARCHAR,                  -- highest finding category (1 when analysed, none found)
    priority        VARCHAR,                  -- urgent | high | routine | low (triage)
    priority_rank   INTEGER,                  -- 0 urgent .. 3 low, for ordering
    priority_reason VARCHAR,
    analysed_at     TIMESTAMP
);

CREATE TABLE series (
    series_uid      VARCHAR PRIMARY KEY,
    study_uid       VARCHAR NOT NULL,
    modality        VARCHAR,
    series_number   INTEGER,
    description     VARCHAR,
    body_part       VARCHAR,
    station         VARCHAR,
    manufacturer    VARCHAR,
    manufacturer_model VARCHAR,
    rows            INTEGER,
    columns         INTEGER,
    pixel_spacing_mm DOUBLE[],               -- [row, column]
    slice_thickness_mm DOUBLE,
    expected_instances INTEGER,              -- when the data says how many to expect
    instance_count  INTEGER NOT NULL DEFAULT 0,
    first_received_at TIMESTAMP,
    last_received_at TIMESTAMP,
    state           VARCHAR NOT NULL DEFAULT 'receiving',  -- receiving | complete
    completed_at    TIMESTAMP,
    calling_ae      VARCHAR,
    peer_address    VARCHAR
);

CREATE TABLE instances (
    sop_instance_uid VARCHAR NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,  -- >1: same UID received again with other content
    series_uid      VARCHAR NOT NULL,
    study_uid       VARCHAR NOT NULL,
    sop_class_uid   VARCHAR NOT NULL,
    transfer_syntax_uid VARCHAR,
    instance_number INTEGER,
    image_position_mm DOUBLE[],              -- ImagePositionPatient
    image_orientation DOUBLE[],              -- ImageOrientationPatient
    slice_location  DOUBLE,
    rows            INTEGER,
    columns         INTEGER,
    path            VARCHAR NOT NULL,        -- relative to the data directory
    sha256          VARCHAR NOT NULL,        -- of the stored file
    size_bytes      BIGINT NOT NULL,
    received_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
    calling_ae      VARCHAR,
    PRIMARY KEY (sop_instance_uid, version)
);
CREATE INDEX instances_series ON instances (series_uid);

CREATE SEQUENCE job_ids START 1;
CREATE TABLE jobs (
    job_id          BIGINT PRIMARY KEY DEFAULT nextval('job_ids'),
    kind            VARCHAR NOT NULL,        -- analyse_series | ...
    study_uid       VARCHAR,
    series_uid      VARCHAR,
    state           VARCHAR NOT NULL DEFAULT 'queued',  -- queued | running | done | failed | skipped
    attempts        INTEGER NOT NULL DEFAULT 0,
    error           VARCHAR,                 -- why it failed, for a technologist
    detail          VARCHAR,                 -- JSON: what the job produced or why it was skipped
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp,
    started_at      TIMESTAMP,
    finished_at     TIMESTAMP
);
CREATE INDEX jobs_state ON jobs (state);

CREATE TABLE findings (
    finding_id      VARCHAR PRIMARY KEY,
    study_uid       VARCHAR NOT NULL,
    series_uid      VARCHAR,
    kind            VARCHAR NOT NULL,        -- nodule | mass | pneumothorax | pleural_effusion | ...
    lobe            VARCHAR,                 -- RUL RML RLL LUL LLL
    side            VARCHAR,                 -- left | right
    long_axis_mm    DOUBLE,
    short_axis_mm   DOUBLE,
    diameter_mm     DOUBLE,                  -- mean of long and short axis (Lung-RADS v2022)
    volume_mm3      DOUBLE,
    mean_hu         DOUBLE,
    attenuation     VARCHAR,                 -- solid | part-solid | ground-glass
    solid_component_mm DOUBLE,
    margin          VARCHAR,                 -- smooth | lobulated | spiculated
    calcified       BOOLEAN,
    lung_rads       VARCHAR,                 -- 1 2 3 4A 4B 4X
    track_id        VARCHAR,                 -- same nodule across a patient's studies
    confidence      DOUBLE,
    center_mm       DOUBLE[],                -- [x, y, z] patient coordinates
    model_name      VARCHAR,
    model_version   VARCHAR,
    source          VARCHAR NOT NULL DEFAULT 'analysis',  -- analysis | import
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE INDEX findings_study ON findings (study_uid);

CREATE TABLE reports (
    study_uid       VARCHAR PRIMARY KEY,
    report_date     DATE,
    text            VARCHAR NOT NULL,
    source          VARCHAR NOT NULL DEFAULT 'import',   -- import | api | dicom-sr | analysis
    created_at      TIMESTAMP NOT NULL DEFAULT current_timestamp
);
