CREATE TABLE tickets (id bigserial, title text);
CREATE TABLE archived_tickets (id bigint DEFAULT nextval('tickets_id_seq'), title text);
INSERT INTO archived_tickets (title) VALUES ('old');
