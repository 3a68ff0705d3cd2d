CREATE TABLE measures (raw int, doubled int GENERATED ALWAYS AS (raw * 2) STORED);
CREATE TABLE site_measures (site text, doubled int) INHERITS (measures);
CREATE TABLE lab_measures () INHERITS (measures);
