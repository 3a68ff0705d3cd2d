CREATE TABLE audit_log (id bigserial PRIMARY KEY, message text NOT NULL);
CREATE PROCEDURE log_message(msg text) LANGUAGE sql
BEGIN ATOMIC
    INSERT INTO audit_log (message) VALUES (msg);
END;
