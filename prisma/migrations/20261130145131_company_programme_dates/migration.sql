-- AlterTable
ALTER TABLE "companies" ADD COLUMN     "programme_end" DATE,
ADD COLUMN     "programme_start" DATE;
