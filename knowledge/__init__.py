"""The knowledge base as TOML data: wording, sources and the fact catalogue."""
