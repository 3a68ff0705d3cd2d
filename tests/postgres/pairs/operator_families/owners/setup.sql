CREATE ROLE opfamily_owner;
CREATE ROLE opfamily_class_owner;
