CREATE TABLE readings (sensor text NOT NULL, taken_on date NOT NULL, reading numeric, note text)
  PARTITION BY RANGE (taken_on);
CREATE TABLE readings_2023 PARTITION OF readings (note NOT NULL)
  FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
