-- Issuer of Patient ID (0010,0021) of a study's images (issue 19): a patient ID names one
-- patient only within its issuer, so a prior in the catalogue whose issuer differs from the
-- current study's is not that patient's (appliance/catalogue/priors.py). NULL: not stated.
ALTER TABLE studies ADD COLUMN issuer_of_patient_id VARCHAR;
