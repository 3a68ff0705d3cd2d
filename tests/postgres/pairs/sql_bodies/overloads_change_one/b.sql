CREATE FUNCTION area(r double precision) RETURNS double precision LANGUAGE sql IMMUTABLE RETURN pi() * r ^ 2;
CREATE FUNCTION area(w double precision, h double precision) RETURNS double precision LANGUAGE sql IMMUTABLE
    RETURN w * h;
CREATE FUNCTION area(s integer) RETURNS integer LANGUAGE sql IMMUTABLE RETURN s * s;
