CREATE FUNCTION public.area(r numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN 3.14159 * r * r;
CREATE FUNCTION public.area(w numeric, h numeric) RETURNS numeric LANGUAGE sql IMMUTABLE RETURN w * h;
ALTER FUNCTION public.area(numeric) OWNER TO owners_overload_keeper;
ALTER FUNCTION public.area(numeric, numeric) OWNER TO owners_overload_keeper;
CREATE TABLE public.shapes (id integer);
