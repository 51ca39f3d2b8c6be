"""Per-family red-flag wording: one TOML file per red-flag family."""
