CREATE TABLE logs (id bigint NOT NULL, at date NOT NULL, level text) PARTITION BY RANGE (at);
CREATE TABLE logs_2024 PARTITION OF logs FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE INDEX logs_level_idx ON logs (level);
CREATE INDEX logs_2024_id_idx ON logs_2024 (id);
