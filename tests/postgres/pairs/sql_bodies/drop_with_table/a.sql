CREATE TABLE sessions (id uuid PRIMARY KEY, expires_at timestamptz NOT NULL);
CREATE FUNCTION live_sessions() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(*) FROM sessions WHERE expires_at > now();
END;
