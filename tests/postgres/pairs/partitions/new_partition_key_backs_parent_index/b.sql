CREATE TABLE shipments (
  region text NOT NULL,
  code integer NOT NULL,
  weight numeric CHECK (weight > 0),
  seq bigserial,
  label text DEFAULT 'none'
) PARTITION BY LIST (region);
CREATE TABLE shipments_north PARTITION OF shipments FOR VALUES IN ('north');
-- Partitions made before the parent's index: their own keys back it.
CREATE TABLE shipments_south PARTITION OF shipments (PRIMARY KEY (region, code)) FOR VALUES IN ('south');
CREATE TABLE shipments_east PARTITION OF shipments (CONSTRAINT shipments_east_code UNIQUE (region, code), label NOT NULL)
  FOR VALUES IN ('east');
CREATE UNIQUE INDEX shipments_region_code_uq ON shipments (region, code);
CREATE INDEX shipments_label_ix ON shipments (label);
CREATE INDEX shipments_east_weight_ix ON shipments_east (weight);
