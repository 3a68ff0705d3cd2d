CREATE TABLE readings (at timestamp, v integer);
