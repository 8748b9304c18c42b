"""Standing fuzz targets for the DICOM edge (issue 18); see ``docs/fuzzing.md``."""
