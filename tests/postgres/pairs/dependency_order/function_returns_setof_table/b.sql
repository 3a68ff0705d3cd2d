CREATE TABLE dzi (id uuid PRIMARY KEY, uri text NOT NULL, page integer);
CREATE TABLE plan_dzi (plan_id uuid, dzi_id uuid);
CREATE FUNCTION get_dzi_not_linked_to_plan(_plan_id uuid) RETURNS SETOF dzi LANGUAGE plpgsql STABLE AS $$
    begin
        return query (select * from dzi where id not in (select dzi_id from plan_dzi where plan_id = _plan_id));
    end;
$$;
