-- The protocol a series was acquired with (ProtocolName): routing reads it, with the study's
-- description, when BodyPartExamined is empty and the series description names no body part.
ALTER TABLE series ADD COLUMN protocol_name VARCHAR;
