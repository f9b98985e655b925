-- AlterTable
ALTER TABLE "companies" ADD COLUMN     "locale" TEXT;

-- AlterTable
ALTER TABLE "people" ADD COLUMN     "platform_locale" TEXT,
ALTER COLUMN "locale" DROP NOT NULL,
ALTER COLUMN "locale" DROP DEFAULT;

-- AlterTable
ALTER TABLE "teams" ADD COLUMN     "locale" TEXT;

-- Until now every person got "en" by default and nothing read it: only a value the org file set
-- again means a choice. Clearing the default lets the team's and company's locale apply.
UPDATE "people" SET "locale" = NULL WHERE "locale" = 'en';
