-- Dropping one overload keeps the other.
CREATE TABLE users (id integer PRIMARY KEY, status text NOT NULL DEFAULT 'new');
CREATE PROCEDURE set_status(p_id integer) LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET status = 'active' WHERE id = p_id;
END;
$$;
CREATE PROCEDURE set_status(p_id integer, p_status text) LANGUAGE plpgsql AS $$
BEGIN
    UPDATE users SET status = p_status WHERE id = p_id;
END;
$$;
