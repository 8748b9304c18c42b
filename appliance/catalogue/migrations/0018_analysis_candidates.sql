-- Detection candidates not reported as findings (issue 19, docs/analysis.md "Present on the
-- prior, not reported"): a later follow-up finding that matches no prior finding but lies near
-- one of these (after alignment) is an existing nodule, not a new one. Written with the series'
-- findings by record_analysis; a re-analysis replaces the series' rows.
CREATE TABLE analysis_candidates (
    series_uid  VARCHAR NOT NULL,
    centre_mm   DOUBLE[] NOT NULL,   -- centroid x, y, z in patient mm
    score       DOUBLE NOT NULL      -- second-stage raw score (detector confidence without one)
);
CREATE INDEX analysis_candidates_series ON analysis_candidates (series_uid);
