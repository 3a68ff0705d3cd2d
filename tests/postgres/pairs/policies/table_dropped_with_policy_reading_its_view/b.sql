-- The view reads the table and the table's policy reads the view: DROP POLICY, then the view, then the table
-- (the view cannot go first, the table cannot go before the view).
CREATE TABLE kept (id integer);
