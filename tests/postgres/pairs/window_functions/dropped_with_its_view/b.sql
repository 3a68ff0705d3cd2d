CREATE TABLE readings (at timestamptz PRIMARY KEY, value numeric);
