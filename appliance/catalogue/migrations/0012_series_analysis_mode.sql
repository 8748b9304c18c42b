-- How a series was analysed: 'full', or 'limited' for thick slices (only findings of 10 mm and
-- up are claimed), with the plain sentences that say what the analysis does not claim. The API
-- serves them with the series and the terminal UI shows them beside the findings.
ALTER TABLE series ADD COLUMN analysis_mode VARCHAR;
ALTER TABLE series ADD COLUMN analysis_limitations VARCHAR[];
