"""practice-partner runtime: config, wiring, platform adapters, storage, clock."""
