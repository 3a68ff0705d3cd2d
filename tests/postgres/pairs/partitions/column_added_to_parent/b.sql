CREATE TABLE readings (id bigint NOT NULL, at date NOT NULL, value double precision DEFAULT 0 NOT NULL, note text) PARTITION BY RANGE (at);
CREATE TABLE readings_2024 PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
