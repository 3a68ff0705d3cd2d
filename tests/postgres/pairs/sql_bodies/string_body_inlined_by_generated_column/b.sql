-- A quoted mixed-case schema: the body says "Billing".to_units, as quote_ident spells it.
CREATE SCHEMA "Billing";
CREATE FUNCTION "Billing".to_units(cents int) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$SELECT cents / 100.0$$;
CREATE FUNCTION "Billing".amount(cents int) RETURNS numeric LANGUAGE sql IMMUTABLE
AS $$SELECT "Billing".to_units(cents)$$;
CREATE TABLE "Billing".lines (
  id int PRIMARY KEY,
  cents int NOT NULL,
  amount numeric GENERATED ALWAYS AS ("Billing".amount(cents)) STORED
);
