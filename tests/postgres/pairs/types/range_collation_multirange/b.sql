CREATE TYPE textrange AS RANGE (subtype = text, collation = "C", multirange_type_name = text_ranges);
CREATE TABLE spans (r textrange, rs text_ranges);
