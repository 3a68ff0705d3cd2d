CREATE TABLE public.readings (id integer PRIMARY KEY, sensor varchar(32), level bigint, unit text);
CREATE PUBLICATION alerts FOR TABLE ONLY public.readings (id, sensor, level) WHERE (level > 90);
CREATE PUBLICATION by_sensor FOR TABLE ONLY public.readings (id, sensor);
