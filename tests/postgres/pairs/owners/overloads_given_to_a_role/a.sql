CREATE FUNCTION public.area(r numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN 3.14159 * r * r;
CREATE FUNCTION public.area(w numeric, h numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN w * h;
