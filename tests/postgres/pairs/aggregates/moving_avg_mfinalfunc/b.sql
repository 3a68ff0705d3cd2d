CREATE TABLE readings (at timestamp, v integer);
CREATE FUNCTION avg_state_final(s bigint[]) RETURNS numeric LANGUAGE sql IMMUTABLE
    AS $$ SELECT CASE WHEN s[1] = 0 THEN NULL ELSE s[2]::numeric / s[1] END $$;
CREATE AGGREGATE moving_avg(integer) (
    SFUNC = int4_avg_accum, STYPE = bigint[], FINALFUNC = avg_state_final, INITCOND = '{0,0}',
    MSFUNC = int4_avg_accum, MINVFUNC = int4_avg_accum_inv, MSTYPE = bigint[], MSSPACE = 16,
    MFINALFUNC = avg_state_final, MFINALFUNC_MODIFY = SHAREABLE, MINITCOND = '{0,0}', PARALLEL = SAFE);
CREATE VIEW smoothed AS
    SELECT at, moving_avg(v) OVER (ORDER BY at ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS v FROM readings;
