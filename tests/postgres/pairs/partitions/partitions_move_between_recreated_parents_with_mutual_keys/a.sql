CREATE TABLE invoices (region text NOT NULL, number int NOT NULL, total numeric, UNIQUE (region, number))
    PARTITION BY LIST (region);
CREATE TABLE invoices_eu PARTITION OF invoices (PRIMARY KEY (number, region)) FOR VALUES IN ('eu');
CREATE TABLE payments (region text NOT NULL, number int NOT NULL, UNIQUE (region, number)) PARTITION BY LIST (region);
CREATE TABLE payments_eu PARTITION OF payments (PRIMARY KEY (number, region)) FOR VALUES IN ('eu');
-- Parents that reference each other, and partitions that reference each other.
ALTER TABLE payments ADD CONSTRAINT payments_invoice_fk FOREIGN KEY (region, number) REFERENCES invoices (region, number);
ALTER TABLE invoices ADD CONSTRAINT invoices_payment_fk FOREIGN KEY (region, number) REFERENCES payments (region, number)
    DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE payments_eu ADD CONSTRAINT payments_eu_invoice_fk FOREIGN KEY (number, region)
    REFERENCES invoices_eu (number, region);
