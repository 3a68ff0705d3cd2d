CREATE TABLE named (name text);
CREATE TABLE stamped (at timestamptz DEFAULT now());
CREATE TABLE thing (id int) INHERITS (named, stamped);
