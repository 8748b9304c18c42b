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
