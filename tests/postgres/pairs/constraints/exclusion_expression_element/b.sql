CREATE TABLE circles (c circle, EXCLUDE USING gist (c WITH &&));
CREATE TABLE names (n text, EXCLUDE USING btree (lower(n) WITH =));
