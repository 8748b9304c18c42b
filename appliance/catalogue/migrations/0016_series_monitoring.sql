-- Drift monitoring (issue 21, docs/drift.md): per analysed series and model version, the inputs
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
