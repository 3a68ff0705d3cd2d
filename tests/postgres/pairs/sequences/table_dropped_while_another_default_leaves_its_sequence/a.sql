-- ticket_numbers goes, and with it the serial sequence archived_tickets' default takes numbers from: that
-- default moves to tickets' sequence first, then the table can go.
CREATE TABLE tickets (title text);
CREATE TABLE ticket_numbers (id bigserial PRIMARY KEY);
CREATE TABLE archived_tickets (id bigint DEFAULT nextval('ticket_numbers_id_seq'), title text);
