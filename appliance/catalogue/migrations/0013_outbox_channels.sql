-- ScanSide catalogue, schema 13: the outbox carries HL7 v2 and FHIR messages beside DICOM objects.
-- channel: dicom (C-STORE to pacs.destinations) | hl7 (ORU^R01 over MLLP to hl7.destinations) |
--          fhir (transaction Bundle to fhir.destinations). Rows written before this migration are
--          DICOM. For hl7 and fhir rows, sop_class_uid holds the message type (ORU^R01, Bundle)
--          and sop_instance_uid the message's own identifier (MSH-10, Bundle.id), which stays the
--          same on every re-send so the receiver can recognise a duplicate.
-- Destination names are unique across the three channels (checked by the configuration).

ALTER TABLE outbox ADD COLUMN channel VARCHAR DEFAULT 'dicom';
UPDATE outbox SET channel = 'dicom' WHERE channel IS NULL;
ALTER TABLE outbox ALTER COLUMN channel SET NOT NULL;
