-- From pgschema testdata/dump/sakila: a function whose arguments read longer than 63 bytes returns SETOF a
-- table the plan creates. Its dependencies were named with the arguments cut to 63 bytes, so the plan
-- created it before the table. Grants, owners and comments on such routines, aggregates and operators too.
CREATE FUNCTION public.sum_of_amounts(state_value_of_the_aggregate numeric, next_amount_to_add numeric) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$ SELECT state_value_of_the_aggregate + next_amount_to_add $$;
CREATE AGGREGATE public.total_amount_of_everything(amount_of_each_row_that_is_summed numeric) (SFUNC = public.sum_of_amounts, STYPE = numeric);
