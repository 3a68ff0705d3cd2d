-- The partition's primary key stands on the index attached to the parent's: neither can be dropped alone.
CREATE TABLE events (id int, kind text, note text) PARTITION BY LIST (kind);
CREATE TABLE events_a PARTITION OF events FOR VALUES IN ('a');
CREATE TABLE events_b PARTITION OF events FOR VALUES IN ('b');
CREATE UNIQUE INDEX events_kind_id ON ONLY events (kind, id);
CREATE UNIQUE INDEX events_a_pkey ON events_a (kind, id);
ALTER TABLE events_a ADD CONSTRAINT events_a_pkey PRIMARY KEY USING INDEX events_a_pkey;
ALTER INDEX events_kind_id ATTACH PARTITION events_a_pkey;
CREATE UNIQUE INDEX events_b_kind_id_idx ON events_b (kind, id);
ALTER INDEX events_kind_id ATTACH PARTITION events_b_kind_id_idx;
CREATE INDEX events_note ON events (note);
