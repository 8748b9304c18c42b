-- What a report says about each finding it names (issue 23), in the spirit of ConText:
-- certainty   affirmed | negated ("No emphysema.", "has resolved") | possible ("may reflect",
--             "question of", "cannot be excluded")
-- temporality current | historical ("history of", "status post", or named under HISTORY /
--             INDICATION / REASON FOR EXAM)
-- change      new | stable ("no change in", "unchanged") | increased | decreased | resolved;
--             NULL when the report makes no comparison
-- A default cohort question counts only affirmed, current mentions. The old flags stay, kept
-- equal to certainty and temporality, for readers written before this schema.
-- Rows written before this migration get values from their flags; they were read by the old
-- reader ("no change in X" as X absent), so re-read them with `scanside reread-reports`.
ALTER TABLE report_mentions ADD COLUMN certainty VARCHAR DEFAULT 'affirmed';
ALTER TABLE report_mentions ADD COLUMN temporality VARCHAR DEFAULT 'current';
ALTER TABLE report_mentions ADD COLUMN change VARCHAR;
UPDATE report_mentions SET
    certainty = CASE WHEN negated THEN 'negated' WHEN uncertain THEN 'possible' ELSE 'affirmed' END,
    temporality = CASE WHEN historical THEN 'historical' ELSE 'current' END;
