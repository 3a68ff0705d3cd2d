-- pgcodekeeper's chg_inherit_col: the parent retypes a column its children declare too (local and inherited):
-- the parent's ALTER ... TYPE reaches them, and their own defaults and NOT NULL stay theirs.
CREATE TABLE test_1 (c1 text DEFAULT '12', c2 int);
CREATE TABLE test_2 (c1 text DEFAULT '21', c3 int) INHERITS (test_1);
CREATE TABLE test_3 (c1 text NOT NULL) INHERITS (test_1);
