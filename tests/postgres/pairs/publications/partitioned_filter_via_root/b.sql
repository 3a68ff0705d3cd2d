CREATE TABLE public.events (at date NOT NULL, kind text, payload jsonb) PARTITION BY RANGE (at);
CREATE TABLE public.events_2024 PARTITION OF public.events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
CREATE PUBLICATION event_feed FOR TABLE ONLY public.events (at, kind) WHERE (kind = 'signup' AND at >= '2024-06-01')
    WITH (publish_via_partition_root = true);
