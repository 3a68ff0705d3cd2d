CREATE SCHEMA billing;
CREATE TABLE billing.invoices (
    id bigint NOT NULL,
    region text NOT NULL,
    customer_id bigint,
    issued_on date
) PARTITION BY LIST (region);
CREATE UNIQUE INDEX invoices_region_id_key ON billing.invoices (region, id);
CREATE INDEX invoices_customer_idx ON billing.invoices (customer_id) WHERE customer_id IS NOT NULL;

CREATE TABLE billing.invoices_eu (
    id bigint NOT NULL,
    region text NOT NULL,
    customer_id bigint,
    issued_on date
);
CREATE UNIQUE INDEX "Invoices EU by id" ON billing.invoices_eu (region, id);
CREATE INDEX invoices_eu_customer_idx ON billing.invoices_eu (customer_id) WHERE customer_id IS NOT NULL;
CREATE INDEX invoices_eu_issued_idx ON billing.invoices_eu (issued_on);
COMMENT ON INDEX billing.invoices_eu_customer_idx IS 'reports by customer, kept apart from the parent''s';
