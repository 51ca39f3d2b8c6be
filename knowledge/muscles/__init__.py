"""Per-muscle wording: one TOML file per muscle id."""
