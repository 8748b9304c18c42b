-- ScanSide catalogue, schema 5 (query): what the report text says, for cohort questions.
-- A report (table reports) is split into sentences; each sentence keeps its MiniLM embedding
-- (all-MiniLM-L6-v2, 384 floats, L2-normalised) for similarity search with
-- array_cosine_similarity, and the concepts it mentions with their negation and certainty
-- (NegEx / ConText style). Rows are replaced whenever the report of a study is (re)written.

CREATE TABLE report_sentences (
    study_uid       VARCHAR NOT NULL,
    sentence_no     INTEGER NOT NULL,         -- 0-based order in the report
    section         VARCHAR,                  -- FINDINGS | IMPRESSION | ... (NULL before any heading)
    text            VARCHAR NOT NULL,
    embedding       FLOAT[384],               -- NULL when no embedder was available
    PRIMARY KEY (study_uid, sentence_no)
);

CREATE TABLE report_mentions (
    study_uid       VARCHAR NOT NULL,
    sentence_no     INTEGER NOT NULL,
    concept         VARCHAR NOT NULL,         -- emphysema | lymphadenopathy | coronary_calcification | ...
    code            VARCHAR,                  -- RadLex / SNOMED CT code of the concept, when known
    matched         VARCHAR NOT NULL,         -- the words of the sentence that named it
    negated         BOOLEAN NOT NULL,         -- "No emphysema." / "negative for ..."
    uncertain       BOOLEAN NOT NULL,         -- "possible", "cannot exclude", "may represent"
    historical      BOOLEAN NOT NULL          -- "history of", "prior", "previously"
);
CREATE INDEX report_mentions_concept ON report_mentions (concept);
CREATE INDEX report_mentions_study ON report_mentions (study_uid);
