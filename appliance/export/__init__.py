"""De-identified research export of a cohort: images, SR and SEG, and a table of findings.

``deid`` de-identifies one object (PS3.15 Basic Profile with options, :mod:`.profile`);
``exporter`` picks the cohort's files from the catalogue and the results folder, writes them
de-identified with one consistent pseudonym map, the findings table, and the export's record.
"""
