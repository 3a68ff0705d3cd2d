CREATE TABLE readings (sensor text NOT NULL, taken_on date NOT NULL, reading numeric, note text)
  PARTITION BY RANGE (taken_on);
CREATE TABLE readings_2023 PARTITION OF readings FOR VALUES FROM ('2023-01-01') TO ('2024-01-01');
CREATE TABLE readings_2024 PARTITION OF readings (reading NOT NULL, note NOT NULL)
  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
ALTER TABLE readings_2023 ALTER COLUMN reading SET NOT NULL;
