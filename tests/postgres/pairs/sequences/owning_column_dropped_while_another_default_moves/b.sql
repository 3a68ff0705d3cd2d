CREATE TABLE tickets (title text);
CREATE TABLE ticket_numbers (id bigserial PRIMARY KEY);
CREATE TABLE archived_tickets (id bigint DEFAULT nextval('ticket_numbers_id_seq'), title text);
