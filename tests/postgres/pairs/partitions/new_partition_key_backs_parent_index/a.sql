CREATE TABLE shipments (
  region text NOT NULL,
  code integer NOT NULL,
  weight numeric CHECK (weight > 0),
  seq bigserial,
  label text DEFAULT 'none'
) PARTITION BY LIST (region);
CREATE UNIQUE INDEX shipments_region_code_uq ON shipments (region, code);
CREATE INDEX shipments_label_ix ON shipments (label);
CREATE TABLE shipments_north PARTITION OF shipments FOR VALUES IN ('north');
