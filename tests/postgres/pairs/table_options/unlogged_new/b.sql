CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v jsonb);
CREATE INDEX cache_v ON cache USING gin (v);
