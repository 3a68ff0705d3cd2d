CREATE TABLE public.departments (id integer PRIMARY KEY, name text NOT NULL, active boolean NOT NULL DEFAULT true);
CREATE PUBLICATION active_departments FOR TABLE ONLY public.departments;
