-- Follow-up comparison of the appliance's own analyses (issue 19): each finding of an analysed
-- chest CT is matched to the patient's previous analysed chest CT. track_id (schema 1) now holds
-- the nodule's track for analysed findings too; these columns say what it was compared with.
ALTER TABLE findings ADD COLUMN follow_up VARCHAR;            -- baseline | new | growing | slow-growing | stable
ALTER TABLE findings ADD COLUMN prior_finding_id VARCHAR;     -- the same nodule on the prior
ALTER TABLE findings ADD COLUMN prior_study_uid VARCHAR;
ALTER TABLE findings ADD COLUMN prior_diameter_mm DOUBLE;
ALTER TABLE findings ADD COLUMN interval_days INTEGER;        -- days since the prior study
ALTER TABLE findings ADD COLUMN growth_mm DOUBLE;             -- mean diameter now minus then
ALTER TABLE findings ADD COLUMN volume_change_pct DOUBLE;
ALTER TABLE findings ADD COLUMN volume_doubling_days DOUBLE;  -- NULL unless the volume grew
-- The lungs' bounding box (min xyz, max xyz in patient mm) aligns a later scan to this one; the
-- comparison (JSON) names the prior used, the alignment and the resolved findings.
ALTER TABLE series ADD COLUMN lung_box_mm DOUBLE[];
ALTER TABLE series ADD COLUMN comparison VARCHAR;
