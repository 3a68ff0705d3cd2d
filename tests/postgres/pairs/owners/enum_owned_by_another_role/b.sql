-- An enum owned by another role is exported as {labels: [...], owner: ...}: its bare label list is no
-- list of overloads (export used to fail on it with a TypeError).
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
ALTER TYPE mood OWNER TO enum_owner_role;
CREATE TABLE people (id int PRIMARY KEY, feeling mood);
