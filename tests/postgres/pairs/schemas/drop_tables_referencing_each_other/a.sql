CREATE TABLE departments (id integer PRIMARY KEY, manager_id integer);
CREATE TABLE employees (id integer PRIMARY KEY, department_id integer REFERENCES departments);
ALTER TABLE departments ADD FOREIGN KEY (manager_id) REFERENCES employees;
CREATE TABLE kept (id integer);
