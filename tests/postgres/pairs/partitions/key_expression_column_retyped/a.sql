CREATE TABLE names (n varchar(20)) PARTITION BY LIST (lower(n));
CREATE TABLE names_a PARTITION OF names FOR VALUES IN ('a');
