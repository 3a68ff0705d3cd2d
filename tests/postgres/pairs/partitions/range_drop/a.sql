CREATE TABLE measurement (city_id int NOT NULL, logdate date NOT NULL) PARTITION BY RANGE (logdate);
CREATE TABLE measurement_y2024m01 PARTITION OF measurement FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
