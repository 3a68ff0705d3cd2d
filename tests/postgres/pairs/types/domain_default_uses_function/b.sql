CREATE SEQUENCE ticket_seq;
CREATE DOMAIN ticket AS text DEFAULT ('T-' || nextval('ticket_seq')) NOT NULL;
CREATE TABLE tickets (t ticket PRIMARY KEY);
