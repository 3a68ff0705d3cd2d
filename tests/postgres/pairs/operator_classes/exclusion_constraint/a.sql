-- An exclusion constraint naming a class the plan creates first.
CREATE TABLE r (id int, c int);
