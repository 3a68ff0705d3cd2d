CREATE TABLE partitioned2reg (city_id int NOT NULL, logdate date NOT NULL) PARTITION BY RANGE (logdate);
CREATE TABLE partitioned2reg_a PARTITION OF partitioned2reg FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
