CREATE TABLE tickets (id integer GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME tickets_id_seq), title text);
