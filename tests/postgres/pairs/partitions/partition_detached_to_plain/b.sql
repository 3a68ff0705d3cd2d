CREATE TABLE m (city_id int NOT NULL, logdate date NOT NULL, v int) PARTITION BY RANGE (logdate);
CREATE TABLE m_2006_02 PARTITION OF m FOR VALUES FROM ('2006-02-01') TO ('2006-03-01');
CREATE TABLE m_2006_03 (city_id int NOT NULL, logdate date NOT NULL, v int);
