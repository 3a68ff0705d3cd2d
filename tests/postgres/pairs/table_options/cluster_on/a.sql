CREATE TABLE readings (id bigint PRIMARY KEY, sensor int, at timestamptz);
CREATE INDEX readings_at ON readings (at);
CREATE INDEX readings_sensor ON readings (sensor);
CREATE TABLE logs (id int PRIMARY KEY, line text);
ALTER TABLE readings CLUSTER ON readings_sensor;
ALTER TABLE logs CLUSTER ON logs_pkey;
