CREATE TABLE "Items" (id int, "Label" text);
GRANT SELECT ON "Items" TO "Priv Mixed";
GRANT UPDATE ("Label") ON "Items" TO "Priv Mixed";
