CREATE SCHEMA billing;
CREATE TYPE billing.currency AS ENUM ('EUR', 'USD');
CREATE SEQUENCE billing.invoice_numbers;
CREATE TABLE billing.invoices (
    id bigint PRIMARY KEY DEFAULT nextval('billing.invoice_numbers'),
    amount numeric(12, 2) NOT NULL CHECK (amount >= 0),
    currency billing.currency NOT NULL DEFAULT 'EUR'
);
CREATE INDEX invoices_currency ON billing.invoices (currency);
CREATE VIEW billing.open_invoices AS SELECT id, amount FROM billing.invoices WHERE amount > 0;
CREATE FUNCTION billing.total() RETURNS numeric LANGUAGE sql STABLE AS $$ SELECT sum(amount) FROM billing.invoices $$;
CREATE TABLE public.customers (id integer PRIMARY KEY, name text NOT NULL);
