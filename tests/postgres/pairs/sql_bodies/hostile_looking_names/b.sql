CREATE TABLE "t""; DROP TABLE x; --" (id int);
CREATE FUNCTION "count""; DROP TABLE x; --"() RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(*) FROM "t""; DROP TABLE x; --";
END;
CREATE FUNCTION "count""; DROP TABLE x; --"(min_id int) RETURNS bigint LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT count(*) FROM "t""; DROP TABLE x; --" WHERE id >= min_id;
END;
