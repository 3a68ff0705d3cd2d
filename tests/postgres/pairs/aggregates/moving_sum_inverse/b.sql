-- Moving-aggregate mode: a window frame that slides takes values off again with the inverse function.
CREATE AGGREGATE running_sum(integer) (
    SFUNC = int4pl, STYPE = integer, INITCOND = '0',
    MSFUNC = int4pl, MINVFUNC = int4mi, MSTYPE = integer, MINITCOND = '0');
