CREATE TABLE public.metrics (device integer NOT NULL, reading numeric, recorded_at timestamptz NOT NULL)
    PARTITION BY RANGE (recorded_at);
CREATE TABLE public.metrics_2025 PARTITION OF public.metrics FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
CREATE PUBLICATION telemetry FOR TABLE ONLY public.metrics (device, reading) WHERE (reading IS NOT NULL)
    WITH (publish_via_partition_root = true);
