CREATE TABLE audit_log (id bigserial PRIMARY KEY, message text NOT NULL);
