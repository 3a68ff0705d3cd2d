CREATE TABLE tickets (id integer GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME ticket_numbers), title text);
