CREATE TABLE tickets (id int PRIMARY KEY, priority int NOT NULL);
CREATE FUNCTION priority_label(p int) RETURNS text LANGUAGE sql IMMUTABLE
BEGIN ATOMIC
    SELECT CASE WHEN p >= 3 THEN 'high' WHEN p = 2 THEN CASE WHEN p > 1 THEN 'medium' END ELSE 'low' END;
END;
CREATE FUNCTION count_high() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(*) FROM tickets t WHERE priority_label(t.priority) = 'high';
END;
