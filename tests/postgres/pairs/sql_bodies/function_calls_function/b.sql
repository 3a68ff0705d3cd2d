CREATE SCHEMA calc;
CREATE FUNCTION calc.square(x numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN x * x;
CREATE FUNCTION calc.hypot2(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    RETURN calc.square(a) + calc.square(b);
CREATE FUNCTION calc.norm(a numeric, b numeric) RETURNS numeric LANGUAGE sql IMMUTABLE
    RETURN sqrt(calc.hypot2(a, b));
