"""The data layer: opening, schema, build, check and queries. Never imports the UI."""
