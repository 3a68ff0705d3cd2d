CREATE TABLE measurement (city_id int NOT NULL, logdate date NOT NULL, peaktemp int) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2006m02 PARTITION OF measurement FOR VALUES FROM ('2006-02-01') TO ('2006-03-01');
CREATE TABLE measurement_y2006m03 PARTITION OF measurement FOR VALUES FROM ('2006-03-01') TO ('2006-04-01');
CREATE TABLE measurement_y2006m04 PARTITION OF measurement FOR VALUES FROM ('2006-04-01') TO ('2006-05-01');
-- A partitioned index begun ON ONLY, one partition's index attached so far: the others are left alone.
CREATE INDEX measurement_usls_idx ON ONLY measurement (city_id, logdate);
CREATE INDEX measurement_y2006m02_city_id_logdate_idx ON measurement_y2006m02 (city_id, logdate);
ALTER INDEX measurement_usls_idx ATTACH PARTITION measurement_y2006m02_city_id_logdate_idx;
