"""Self-assessment (MISSION capability 16): figures over time and process-review records."""
