"""Redis backend: keys of every core type, TTLs, policies and owned prefixes (state/redis.yaml)."""
