CREATE TABLE public.metrics (device integer NOT NULL, reading numeric, recorded_at timestamptz NOT NULL);
CREATE PUBLICATION telemetry FOR TABLE ONLY public.metrics (device, reading) WHERE (reading IS NOT NULL)
    WITH (publish_via_partition_root = true);
