CREATE TABLE "Secret Notes" ("Id" integer PRIMARY KEY, "Owner" text);
