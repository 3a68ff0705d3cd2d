CREATE TABLE names (n text) PARTITION BY LIST (lower(n));
CREATE TABLE names_a PARTITION OF names FOR VALUES IN ('a');
