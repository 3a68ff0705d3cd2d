CREATE TABLE tickets (id integer PRIMARY KEY, status varchar(20));
ALTER TABLE tickets ENABLE ROW LEVEL SECURITY;
CREATE POLICY open_only ON tickets FOR SELECT USING (status IN ('open', 'pending'));
CREATE POLICY not_closed ON tickets AS RESTRICTIVE FOR UPDATE USING (status NOT IN ('closed')) WITH CHECK (status::text <> 'archived');
