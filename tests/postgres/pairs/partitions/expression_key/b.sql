CREATE TABLE users (id bigint NOT NULL, email text NOT NULL) PARTITION BY LIST (lower(left(email, 1)));
CREATE TABLE users_a PARTITION OF users FOR VALUES IN ('a');
CREATE TABLE users_rest PARTITION OF users DEFAULT;
