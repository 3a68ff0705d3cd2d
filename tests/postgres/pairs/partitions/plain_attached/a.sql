CREATE TABLE m (city_id int NOT NULL, logdate date NOT NULL) PARTITION BY RANGE (logdate);
CREATE TABLE m_2006_03 (city_id int NOT NULL, logdate date NOT NULL);
