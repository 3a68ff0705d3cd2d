CREATE SCHEMA "My App";
CREATE TABLE "My App"."Order Lines" ("Qty" int NOT NULL, "Unit Price" numeric NOT NULL);
CREATE FUNCTION "My App"."Line ""Total"""(q int, p numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN q * p;
CREATE FUNCTION "My App"."grand total"() RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT sum("My App"."Line ""Total"""(l."Qty", l."Unit Price")) FROM "My App"."Order Lines" l;
END;
