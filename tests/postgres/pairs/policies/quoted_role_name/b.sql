CREATE TABLE "Secret Notes" ("Id" integer PRIMARY KEY, "Owner" text);
ALTER TABLE "Secret Notes" ENABLE ROW LEVEL SECURITY;
CREATE POLICY "Admins See All" ON "Secret Notes" TO "Policy Admin" USING ("Owner" IS NOT NULL);
