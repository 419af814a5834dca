"""Stage: projects and stories as practice material, read from the bank's items and notes — a dossier per
project (pitches, key numbers, sections, checklists, its questions), the STAR story bank, readiness checklists
and the consistency of the figures an answer quotes. `dossier.api` holds the use cases the CLI and the web call."""
