CREATE TABLE measures (raw int, doubled int GENERATED ALWAYS AS (raw * 2) STORED);
