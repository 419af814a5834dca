"""Stage 7: mock interviews. plans (TOML) and planner (pure) → interview (steps over the practice store, clock
passed in) → delivery coaching (pure, over any text) → report (pure data → HTML / markdown)."""
