CREATE TABLE public.events (id bigint PRIMARY KEY, payload jsonb);
CREATE PUBLICATION events_out FOR TABLE ONLY public.events;
CREATE PUBLICATION nothing_yet;
COMMENT ON PUBLICATION nothing_yet IS 'placeholder';
