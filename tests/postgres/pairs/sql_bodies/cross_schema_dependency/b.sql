CREATE SCHEMA core;
CREATE SCHEMA reporting;
CREATE TABLE core.sales (id int PRIMARY KEY, amount numeric NOT NULL);
CREATE FUNCTION core.sale_amount(s core.sales) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN s.amount;
CREATE FUNCTION reporting.revenue() RETURNS numeric LANGUAGE sql STABLE
BEGIN ATOMIC
    SELECT sum(core.sale_amount(s)) FROM core.sales s;
END;
