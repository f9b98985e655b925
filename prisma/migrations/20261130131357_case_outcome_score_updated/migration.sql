-- AlterEnum
ALTER TYPE "CaseOutcome" ADD VALUE 'score_updated';
