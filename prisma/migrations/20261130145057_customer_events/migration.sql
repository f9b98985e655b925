-- CreateEnum
CREATE TYPE "CustomerEventKind" AS ENUM ('dropped_out', 'renewed', 'reactivated');

-- CreateTable
CREATE TABLE "customer_events" (
    "id" SERIAL NOT NULL,
    "customer_ref" TEXT NOT NULL,
    "kind" "CustomerEventKind" NOT NULL,
    "occurred_on" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "customer_events_kind_occurred_on_idx" ON "customer_events"("kind", "occurred_on");

-- CreateIndex
CREATE UNIQUE INDEX "customer_events_customer_ref_kind_occurred_on_key" ON "customer_events"("customer_ref", "kind", "occurred_on");
