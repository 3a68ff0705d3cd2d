CREATE SCHEMA archive;
CREATE TABLE archive.events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
CREATE TABLE archive.events_2023 PARTITION OF archive.events FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE public.events_2024 PARTITION OF archive.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
