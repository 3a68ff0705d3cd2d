-- From pgschema issues 276 and 335: a function returning SETOF a table its body reads.
CREATE TABLE plan_dzi (plan_id uuid, dzi_id uuid);
