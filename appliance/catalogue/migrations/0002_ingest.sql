-- ScanSide catalogue, schema 2 (ingest): per-instance geometry and acquisition details that the
-- series-level columns of 0001 cannot hold, and how and how often each series completed.

ALTER TABLE instances ADD COLUMN acquisition_number INTEGER;
ALTER TABLE instances ADD COLUMN number_of_frames INTEGER;
ALTER TABLE instances ADD COLUMN pixel_spacing_mm DOUBLE[];   -- [row, column]
ALTER TABLE instances ADD COLUMN slice_thickness_mm DOUBLE;
ALTER TABLE instances ADD COLUMN peer_address VARCHAR;        -- IP the instance came from; NULL for import

ALTER TABLE series ADD COLUMN completion_reason VARCHAR;      -- quiet period | expected count
ALTER TABLE series ADD COLUMN completions INTEGER DEFAULT 0;  -- 2+ : late images reopened it
