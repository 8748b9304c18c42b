-- Drift monitoring and shadow versions (issue 21, docs/drift.md, docs/models.md): per analysed series and model version, the inputs
-- that decide the model's validity and what the model said. Re-analysing a series with the same
-- model version replaces its row and keeps first_analysed_at, which orders the site's reference.
CREATE TABLE series_monitoring (
    series_uid          VARCHAR NOT NULL,
    study_uid           VARCHAR NOT NULL,
    model_name          VARCHAR NOT NULL,
    model_version       VARCHAR NOT NULL,
    first_analysed_at   TIMESTAMP NOT NULL,
    analysed_at         TIMESTAMP NOT NULL,
    manufacturer        VARCHAR,
    manufacturer_model  VARCHAR,
    kernel              VARCHAR,               -- ConvolutionKernel, values joined with '\'
    slice_thickness_mm  DOUBLE,
    slice_step_mm       DOUBLE,
    pixel_spacing_mm    DOUBLE,                -- the larger of row and column spacing
    kvp                 DOUBLE,
    ctdi_vol_mgy        DOUBLE,
    noise_hu            DOUBLE,                -- measured on the model grid (0: not measurable)
    lung_volume_ml      DOUBLE,
    mode                VARCHAR,               -- full | limited
    findings            INTEGER NOT NULL,      -- reported findings
    lung_rads           VARCHAR,               -- the series' highest category
    confidence_histogram INTEGER[],            -- findings per confidence tenth [0, 0.1) .. [0.9, 1]
    analysis_s          DOUBLE,                -- the pipeline's steps, summed
    outside_validation  BOOLEAN NOT NULL,
    validation_warnings VARCHAR[],
    PRIMARY KEY (series_uid, model_name, model_version)
);
CREATE INDEX series_monitoring_model ON series_monitoring (model_name, first_analysed_at);
-- The latest analysis' warnings, served with the series like analysis_limitations.
ALTER TABLE series ADD COLUMN validation_warnings VARCHAR[];

-- Shadow versions (issue 21, item 1; docs/models.md): a model version that analyses the same
-- series beside the live one. Its job names the version; its answers are kept in tables of
-- their own, which the worklist, triage, PACS/RIS delivery and the cohort questions never read.
ALTER TABLE jobs ADD COLUMN model VARCHAR;   -- NAME@VERSION of a shadow analysis; NULL: the live model

CREATE TABLE shadow_analyses (
    series_uid      VARCHAR NOT NULL,
    study_uid       VARCHAR NOT NULL,
    model_name      VARCHAR NOT NULL,
    model_version   VARCHAR NOT NULL,
    analysed_at     TIMESTAMP NOT NULL,
    lung_rads       VARCHAR,                 -- the series' highest category (baseline rules)
    findings        INTEGER NOT NULL,
    mode            VARCHAR,
    analysis_s      DOUBLE,                  -- the pipeline's steps, summed
    timings_s       VARCHAR,                 -- JSON, per step
    validation_warnings VARCHAR[],
    PRIMARY KEY (series_uid, model_name, model_version)
);

CREATE TABLE shadow_findings (
    finding_id      VARCHAR NOT NULL,
    series_uid      VARCHAR NOT NULL,
    study_uid       VARCHAR NOT NULL,
    model_name      VARCHAR NOT NULL,
    model_version   VARCHAR NOT NULL,
    kind            VARCHAR NOT NULL,
    lobe            VARCHAR,
    side            VARCHAR,
    long_axis_mm    DOUBLE,
    short_axis_mm   DOUBLE,
    diameter_mm     DOUBLE,
    volume_mm3      DOUBLE,
    mean_hu         DOUBLE,
    attenuation     VARCHAR,
    solid_component_mm DOUBLE,
    margin          VARCHAR,
    calcified       BOOLEAN,
    lung_rads       VARCHAR,
    confidence      DOUBLE,
    center_mm       DOUBLE[],
    PRIMARY KEY (finding_id, model_version)
);
CREATE INDEX shadow_findings_series ON shadow_findings (series_uid, model_name, model_version);
