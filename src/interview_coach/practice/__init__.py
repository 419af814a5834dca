"""Stage 6: practice. Pure scheduling (FSRS) and queue building; the store keeps attempts, cards and reviews."""
