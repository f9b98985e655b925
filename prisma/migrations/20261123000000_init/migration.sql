-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "PersonRole" AS ENUM ('director', 'manager', 'staff', 'admin');

-- CreateEnum
CREATE TYPE "CaseStatus" AS ENUM ('open', 'claimed', 'contacted', 'resolved');

-- CreateEnum
CREATE TYPE "CaseOutcome" AS ENUM ('recovered', 'not_recovered', 'unreachable');

-- CreateEnum
CREATE TYPE "CoachingStatus" AS ENUM ('planned', 'done', 'cancelled');

-- CreateEnum
CREATE TYPE "ChatPlatform" AS ENUM ('slack', 'teams');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'sending', 'sent', 'dead');

-- CreateTable
CREATE TABLE "companies" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "area" TEXT,
    "in_programme" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "companies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "teams" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "company_id" INTEGER NOT NULL,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "slack_channel_id" TEXT,
    "teams_conversation_ref" JSONB,
    "teams_conversation_ok" BOOLEAN NOT NULL DEFAULT true,
    "cases_for_passives" BOOLEAN NOT NULL DEFAULT false,
    "sla_hours" INTEGER,
    "reminder_weekday" INTEGER NOT NULL DEFAULT 1,
    "reminder_time" TEXT NOT NULL DEFAULT '09:00',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "teams_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "people" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "role" "PersonRole" NOT NULL DEFAULT 'staff',
    "company_id" INTEGER,
    "slack_user_id" TEXT,
    "teams_aad_object_id" TEXT,
    "teams_conversation_ref" JSONB,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "locale" TEXT NOT NULL DEFAULT 'en',
    "reminders_enabled" BOOLEAN NOT NULL DEFAULT true,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "people_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "team_memberships" (
    "person_id" INTEGER NOT NULL,
    "team_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "team_memberships_pkey" PRIMARY KEY ("person_id","team_id")
);

-- CreateTable
CREATE TABLE "survey_responses" (
    "id" SERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "external_id" TEXT NOT NULL,
    "score" SMALLINT NOT NULL,
    "comment" TEXT,
    "touchpoint" TEXT,
    "customer_ref" TEXT,
    "customer_name" TEXT,
    "customer_email" TEXT,
    "customer_phone" TEXT,
    "staff_id" INTEGER,
    "team_id" INTEGER,
    "company_id" INTEGER,
    "responded_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "source_updated_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "attributes" JSONB,
    "erased_at" TIMESTAMPTZ(3),

    CONSTRAINT "survey_responses_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "follow_up_cases" (
    "id" SERIAL NOT NULL,
    "response_id" INTEGER NOT NULL,
    "team_id" INTEGER,
    "company_id" INTEGER,
    "status" "CaseStatus" NOT NULL DEFAULT 'open',
    "owner_id" INTEGER,
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "claimed_at" TIMESTAMPTZ(3),
    "contacted_at" TIMESTAMPTZ(3),
    "resolved_at" TIMESTAMPTZ(3),
    "outcome" "CaseOutcome",
    "root_cause" TEXT,
    "outer_loop" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,
    "reminder_sent_at" TIMESTAMPTZ(3),
    "escalation_level" INTEGER NOT NULL DEFAULT 0,
    "silent" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "follow_up_cases_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "case_events" (
    "id" SERIAL NOT NULL,
    "case_id" INTEGER NOT NULL,
    "actor_id" INTEGER,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "allowed" BOOLEAN NOT NULL DEFAULT true,
    "reason" TEXT,
    "before" JSONB,
    "after" JSONB,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "case_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_messages" (
    "id" SERIAL NOT NULL,
    "case_id" INTEGER NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "channel_id" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "conversation_ref" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "chat_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "coaching_sessions" (
    "id" SERIAL NOT NULL,
    "staff_id" INTEGER NOT NULL,
    "manager_id" INTEGER,
    "team_id" INTEGER,
    "case_id" INTEGER,
    "topic" TEXT NOT NULL,
    "root_cause" TEXT,
    "status" "CoachingStatus" NOT NULL DEFAULT 'planned',
    "due_at" TIMESTAMPTZ(3),
    "done_at" TIMESTAMPTZ(3),
    "notes" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "coaching_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "outbox_deliveries" (
    "id" SERIAL NOT NULL,
    "platform" "ChatPlatform" NOT NULL,
    "kind" TEXT NOT NULL,
    "target" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "dedupe_key" TEXT,
    "case_id" INTEGER,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),
    "locked_by" TEXT,
    "last_error" TEXT,
    "result" JSONB,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "outbox_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job_runs" (
    "id" SERIAL NOT NULL,
    "job" TEXT NOT NULL,
    "slot" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "owner" TEXT NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "counts" JSONB,
    "error" TEXT,

    CONSTRAINT "job_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "survey_sources" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "secret" TEXT,
    "mapping" JSONB,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "survey_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routing_rules" (
    "id" SERIAL NOT NULL,
    "priority" INTEGER NOT NULL DEFAULT 100,
    "field" TEXT NOT NULL,
    "pattern" TEXT NOT NULL,
    "team_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "routing_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "erasure_records" (
    "id" SERIAL NOT NULL,
    "subject_hash" TEXT NOT NULL,
    "requested_by" TEXT NOT NULL,
    "counts" JSONB NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "erasure_records_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "companies_slug_key" ON "companies"("slug");

-- CreateIndex
CREATE INDEX "companies_area_idx" ON "companies"("area");

-- CreateIndex
CREATE UNIQUE INDEX "teams_slug_key" ON "teams"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "teams_slack_channel_id_key" ON "teams"("slack_channel_id");

-- CreateIndex
CREATE INDEX "teams_company_id_idx" ON "teams"("company_id");

-- CreateIndex
CREATE UNIQUE INDEX "people_email_key" ON "people"("email");

-- CreateIndex
CREATE UNIQUE INDEX "people_slack_user_id_key" ON "people"("slack_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "people_teams_aad_object_id_key" ON "people"("teams_aad_object_id");

-- CreateIndex
CREATE INDEX "people_company_id_idx" ON "people"("company_id");

-- CreateIndex
CREATE INDEX "team_memberships_team_id_idx" ON "team_memberships"("team_id");

-- CreateIndex
CREATE INDEX "survey_responses_team_id_responded_at_score_idx" ON "survey_responses"("team_id", "responded_at", "score");

-- CreateIndex
CREATE INDEX "survey_responses_company_id_responded_at_score_idx" ON "survey_responses"("company_id", "responded_at", "score");

-- CreateIndex
CREATE INDEX "survey_responses_staff_id_responded_at_score_idx" ON "survey_responses"("staff_id", "responded_at", "score");

-- CreateIndex
CREATE INDEX "survey_responses_responded_at_idx" ON "survey_responses"("responded_at");

-- CreateIndex
CREATE INDEX "survey_responses_customer_ref_idx" ON "survey_responses"("customer_ref");

-- CreateIndex
CREATE INDEX "survey_responses_customer_email_idx" ON "survey_responses"("customer_email");

-- CreateIndex
CREATE UNIQUE INDEX "survey_responses_source_external_id_key" ON "survey_responses"("source", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "follow_up_cases_response_id_key" ON "follow_up_cases"("response_id");

-- CreateIndex
CREATE INDEX "follow_up_cases_team_id_status_created_at_idx" ON "follow_up_cases"("team_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "follow_up_cases_company_id_status_created_at_idx" ON "follow_up_cases"("company_id", "status", "created_at");

-- CreateIndex
CREATE INDEX "follow_up_cases_status_due_at_idx" ON "follow_up_cases"("status", "due_at");

-- CreateIndex
CREATE INDEX "follow_up_cases_owner_id_status_idx" ON "follow_up_cases"("owner_id", "status");

-- CreateIndex
CREATE INDEX "follow_up_cases_team_id_resolved_at_idx" ON "follow_up_cases"("team_id", "resolved_at");

-- CreateIndex
CREATE INDEX "follow_up_cases_company_id_resolved_at_idx" ON "follow_up_cases"("company_id", "resolved_at");

-- CreateIndex
CREATE INDEX "case_events_case_id_at_idx" ON "case_events"("case_id", "at");

-- CreateIndex
CREATE INDEX "chat_messages_platform_channel_id_message_id_idx" ON "chat_messages"("platform", "channel_id", "message_id");

-- CreateIndex
CREATE UNIQUE INDEX "chat_messages_case_id_platform_channel_id_key" ON "chat_messages"("case_id", "platform", "channel_id");

-- CreateIndex
CREATE INDEX "coaching_sessions_staff_id_status_idx" ON "coaching_sessions"("staff_id", "status");

-- CreateIndex
CREATE INDEX "coaching_sessions_team_id_status_due_at_idx" ON "coaching_sessions"("team_id", "status", "due_at");

-- CreateIndex
CREATE UNIQUE INDEX "outbox_deliveries_dedupe_key_key" ON "outbox_deliveries"("dedupe_key");

-- CreateIndex
CREATE INDEX "outbox_deliveries_status_next_attempt_at_idx" ON "outbox_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "outbox_deliveries_case_id_idx" ON "outbox_deliveries"("case_id");

-- CreateIndex
CREATE INDEX "job_runs_job_started_at_idx" ON "job_runs"("job", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "job_runs_job_slot_key" ON "job_runs"("job", "slot");

-- CreateIndex
CREATE UNIQUE INDEX "survey_sources_slug_key" ON "survey_sources"("slug");

-- CreateIndex
CREATE INDEX "routing_rules_priority_idx" ON "routing_rules"("priority");

-- AddForeignKey
ALTER TABLE "teams" ADD CONSTRAINT "teams_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "people" ADD CONSTRAINT "people_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_memberships" ADD CONSTRAINT "team_memberships_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "people"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "team_memberships" ADD CONSTRAINT "team_memberships_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "people"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "survey_responses" ADD CONSTRAINT "survey_responses_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up_cases" ADD CONSTRAINT "follow_up_cases_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "survey_responses"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up_cases" ADD CONSTRAINT "follow_up_cases_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up_cases" ADD CONSTRAINT "follow_up_cases_company_id_fkey" FOREIGN KEY ("company_id") REFERENCES "companies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follow_up_cases" ADD CONSTRAINT "follow_up_cases_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "people"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "case_events" ADD CONSTRAINT "case_events_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "follow_up_cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "chat_messages" ADD CONSTRAINT "chat_messages_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "follow_up_cases"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coaching_sessions" ADD CONSTRAINT "coaching_sessions_staff_id_fkey" FOREIGN KEY ("staff_id") REFERENCES "people"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coaching_sessions" ADD CONSTRAINT "coaching_sessions_manager_id_fkey" FOREIGN KEY ("manager_id") REFERENCES "people"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coaching_sessions" ADD CONSTRAINT "coaching_sessions_team_id_fkey" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "coaching_sessions" ADD CONSTRAINT "coaching_sessions_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "follow_up_cases"("id") ON DELETE SET NULL ON UPDATE CASCADE;
