-- Rollups for the impact and retention reports, kept up to date by statement-level triggers (with
-- transition tables) in the same transaction as every write, whichever path writes: webhooks,
-- adapters, CSV import, score updates, privacy erasure, customer event imports, case changes.
--
-- response_day_counts: answers per company, team and UTC day, by class (the impact report sums days
-- and reads only the partial days at a window's edges from survey_responses).
-- retention_answers: one narrow row per response with a customer reference, with the facts the
-- retention report needs (its case's closed-loop state, the customer's first drop-out on or after
-- the answer's day, when the customer next answered for the same team and the same company), so
-- that the report is an index-only range scan with no per-answer lookup and no sort.

-- CreateTable
CREATE TABLE "response_day_counts" (
    "company_key" INTEGER NOT NULL,
    "team_key" INTEGER NOT NULL,
    "day" DATE NOT NULL,
    "responses" INTEGER NOT NULL,
    "promoters" INTEGER NOT NULL,
    "detractors" INTEGER NOT NULL,

    CONSTRAINT "response_day_counts_pkey" PRIMARY KEY ("company_key","day","team_key")
);

-- CreateTable
CREATE TABLE "retention_answers" (
    "response_id" INTEGER NOT NULL,
    "customer_ref" TEXT NOT NULL,
    "team_id" INTEGER,
    "company_id" INTEGER,
    "responded_at" TIMESTAMPTZ(3) NOT NULL,
    "score" SMALLINT NOT NULL,
    "loop" TEXT,
    "first_drop_on" DATE,
    "next_in_team" TIMESTAMPTZ(3),
    "next_in_company" TIMESTAMPTZ(3),
    "several_companies" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "retention_answers_pkey" PRIMARY KEY ("response_id")
);

-- CreateIndex
CREATE INDEX "response_day_counts_team_key_day_idx" ON "response_day_counts"("team_key", "day");

-- CreateIndex
CREATE INDEX "retention_answers_company_id_responded_at_next_in_company_s_idx" ON "retention_answers"("company_id", "responded_at", "next_in_company", "score", "loop", "first_drop_on", "several_companies", "customer_ref", "response_id");

-- CreateIndex
CREATE INDEX "retention_answers_team_id_responded_at_next_in_team_score_l_idx" ON "retention_answers"("team_id", "responded_at", "next_in_team", "score", "loop", "first_drop_on", "company_id");

-- The migration runner sends a script statement by statement, split at every semicolon, so the
-- function bodies below are E'' strings where \073 stands for the semicolon (and '' for a quote).
-- The helpers that look rows up by key are planned at each call with the keys they get
-- (force_custom_plan): a plan kept from the first calls, made while the tables were small (a
-- sequential scan), would otherwise be reused as they grow, and the embedded database never runs
-- ANALYZE by itself to invalidate it.
--
-- The statements never join a transition table to a large table: PL/pgSQL keeps the plan of its
-- first call, and a plan made for a bulk load (hash join, sequential scan) would then be reused for
-- single rows. Rows are found by key (`= ANY(array)`, scalar subqueries) whatever the batch size.

-- The closed-loop state of a detractor's answer from its case (NULL for promoters and passives).
-- Reached = resolved as recovered or not recovered: "unreachable", and a case the survey tool
-- closed, were not a conversation with the customer.
CREATE FUNCTION nps_case_loop(score SMALLINT, case_id INTEGER, status "CaseStatus", outcome "CaseOutcome")
RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN score >= 7 THEN NULL
    WHEN case_id IS NULL THEN 'no_case'
    WHEN status = 'resolved' AND outcome IN ('recovered', 'not_recovered') THEN 'closed'
    WHEN status = 'resolved' THEN 'closed_without_contact'
    WHEN status = 'open' THEN 'unclaimed'
    ELSE 'in_progress' END
$$;

-- A response and a drop-out event of the same customer written at the same moment by two
-- transactions would each miss the other's row. Both sides first take this lock (one of 256 buckets
-- per customer, in order, so two such writers never deadlock): the later one's next statement then
-- sees the earlier one's rows.
CREATE FUNCTION nps_lock_customers(refs TEXT[]) RETURNS VOID LANGUAGE plpgsql AS E'
BEGIN
  PERFORM pg_advisory_xact_lock(733011, s.b)
  FROM (SELECT DISTINCT hashtext(r) & 255 AS b FROM unnest(refs) r WHERE r IS NOT NULL ORDER BY 1) s\073
END';

-- Adds each row's count (sign +1 or -1) to its company, team and UTC day: rows that cancel out are
-- not written. In key order, so that two transactions adding to the same days never deadlock.
CREATE FUNCTION nps_add_day_counts(companies INTEGER[], teams INTEGER[], times TIMESTAMPTZ[], scores SMALLINT[], signs INTEGER[])
RETURNS VOID LANGUAGE plpgsql
  SET plan_cache_mode = force_custom_plan AS E'
BEGIN
  INSERT INTO response_day_counts AS x (company_key, team_key, day, responses, promoters, detractors)
  SELECT COALESCE(u.c, 0), COALESCE(u.t, 0), (u.a AT TIME ZONE ''UTC'')::date,
    SUM(u.g), SUM(CASE WHEN u.s >= 9 THEN u.g ELSE 0 END), SUM(CASE WHEN u.s <= 6 THEN u.g ELSE 0 END)
  FROM unnest(companies, teams, times, scores, signs) AS u(c, t, a, s, g)
  GROUP BY 1, 2, 3
  HAVING SUM(u.g) <> 0 OR SUM(CASE WHEN u.s >= 9 THEN u.g ELSE 0 END) <> 0
    OR SUM(CASE WHEN u.s <= 6 THEN u.g ELSE 0 END) <> 0
  ORDER BY 1, 3, 2
  ON CONFLICT (company_key, day, team_key) DO UPDATE SET responses = x.responses + EXCLUDED.responses,
    promoters = x.promoters + EXCLUDED.promoters, detractors = x.detractors + EXCLUDED.detractors\073
END';

-- The retention facts of these responses as stored now (their case and the customer's first
-- drop-out on or after the answer's day looked up): responses without a customer are skipped.
CREATE FUNCTION nps_add_retention_answers(ids INTEGER[]) RETURNS VOID LANGUAGE plpgsql
  SET plan_cache_mode = force_custom_plan AS E'
BEGIN
  INSERT INTO retention_answers AS f
    (response_id, customer_ref, team_id, company_id, responded_at, score, loop, first_drop_on)
  SELECT r.id, r.customer_ref, r.team_id, r.company_id, r.responded_at, r.score,
    CASE WHEN r.score <= 6 THEN COALESCE((SELECT nps_case_loop(r.score, c.id, c.status, c.outcome)
      FROM follow_up_cases c WHERE c.response_id = r.id), ''no_case'') END,
    (SELECT min(e.occurred_on) FROM customer_events e
      WHERE e.customer_ref = r.customer_ref AND e.kind = ''dropped_out''
        AND e.occurred_on >= (r.responded_at AT TIME ZONE ''UTC'')::date)
  FROM survey_responses r
  WHERE r.id = ANY(ids) AND r.customer_ref IS NOT NULL
  ON CONFLICT (response_id) DO UPDATE SET customer_ref = EXCLUDED.customer_ref, team_id = EXCLUDED.team_id,
    company_id = EXCLUDED.company_id, responded_at = EXCLUDED.responded_at, score = EXCLUDED.score,
    loop = EXCLUDED.loop, first_drop_on = EXCLUDED.first_drop_on\073
END';

CREATE FUNCTION nps_drop_retention_answers(ids INTEGER[]) RETURNS VOID LANGUAGE plpgsql
  SET plan_cache_mode = force_custom_plan AS E'
BEGIN
  DELETE FROM retention_answers WHERE response_id = ANY(ids)\073
END';

-- A detractor's closed-loop state, read again from its case (if any) after a change of cases.
CREATE FUNCTION nps_refresh_loop(ids INTEGER[]) RETURNS VOID LANGUAGE plpgsql
  SET plan_cache_mode = force_custom_plan AS E'
BEGIN
  UPDATE retention_answers f SET loop = x.loop
  FROM (
    SELECT f2.response_id, COALESCE((SELECT nps_case_loop(f2.score, c.id, c.status, c.outcome)
      FROM follow_up_cases c WHERE c.response_id = f2.response_id), ''no_case'') AS loop
    FROM retention_answers f2 WHERE f2.response_id = ANY(ids) AND f2.score <= 6
  ) x
  WHERE f.response_id = x.response_id AND f.loop IS DISTINCT FROM x.loop\073
END';

-- The first drop-out on or after each answer, read again for customers whose drop-out events
-- changed (their answers found through the responses' customer_ref index).
CREATE FUNCTION nps_refresh_first_drop(refs TEXT[]) RETURNS VOID LANGUAGE plpgsql
  SET plan_cache_mode = force_custom_plan AS E'
BEGIN
  UPDATE retention_answers f SET first_drop_on = x.d
  FROM (
    SELECT f2.response_id,
      (SELECT min(e.occurred_on) FROM customer_events e
        WHERE e.customer_ref = f2.customer_ref AND e.kind = ''dropped_out''
          AND e.occurred_on >= (f2.responded_at AT TIME ZONE ''UTC'')::date) AS d
    FROM retention_answers f2
    WHERE f2.response_id = ANY(ARRAY(SELECT r.id FROM survey_responses r WHERE r.customer_ref = ANY(refs)))
  ) x
  WHERE f.response_id = x.response_id AND f.first_drop_on IS DISTINCT FROM x.d\073
END';

-- When each answer of these customers was followed by their next one for the same team and for the
-- same company (in the report's order: time, then id), and whether they answered for more than one
-- company. Read again for every answer of the customers whose answers changed (callers hold their
-- customer locks, so two transactions never compute this from each other's half).
CREATE FUNCTION nps_refresh_answer_order(refs TEXT[]) RETURNS VOID LANGUAGE plpgsql
  SET plan_cache_mode = force_custom_plan AS E'
BEGIN
  UPDATE retention_answers f SET next_in_team = x.nt, next_in_company = x.nc, several_companies = x.sc
  FROM (
    SELECT a.response_id,
      lead(a.responded_at) OVER (PARTITION BY a.customer_ref, a.team_id ORDER BY a.responded_at, a.response_id) AS nt,
      lead(a.responded_at) OVER (PARTITION BY a.customer_ref, a.company_id ORDER BY a.responded_at, a.response_id) AS nc,
      min(COALESCE(a.company_id, 0)) OVER (PARTITION BY a.customer_ref)
        <> max(COALESCE(a.company_id, 0)) OVER (PARTITION BY a.customer_ref) AS sc
    FROM retention_answers a
    WHERE a.response_id = ANY(ARRAY(SELECT r.id FROM survey_responses r WHERE r.customer_ref = ANY(refs)))
  ) x
  WHERE f.response_id = x.response_id
    AND (f.next_in_team, f.next_in_company, f.several_companies) IS DISTINCT FROM (x.nt, x.nc, x.sc)\073
END';

CREATE FUNCTION nps_rollup_responses_insert() RETURNS TRIGGER LANGUAGE plpgsql AS E'
BEGIN
  PERFORM nps_add_day_counts(array_agg(company_id), array_agg(team_id), array_agg(responded_at),
    array_agg(score), array_agg(1)) FROM new_rows\073
  IF EXISTS (SELECT 1 FROM new_rows WHERE customer_ref IS NOT NULL) THEN
    PERFORM nps_lock_customers(ARRAY(SELECT customer_ref FROM new_rows WHERE customer_ref IS NOT NULL))\073
    PERFORM nps_add_retention_answers(ARRAY(SELECT id FROM new_rows WHERE customer_ref IS NOT NULL))\073
    PERFORM nps_refresh_answer_order(ARRAY(SELECT DISTINCT customer_ref FROM new_rows WHERE customer_ref IS NOT NULL))\073
  END IF\073
  RETURN NULL\073
END';

CREATE FUNCTION nps_rollup_responses_update() RETURNS TRIGGER LANGUAGE plpgsql AS E'
DECLARE
  changed INTEGER[]\073
  refs TEXT[]\073
BEGIN
  -- Rows whose old and new versions differ in a counted column (most updates change none): grouped,
  -- not joined (a join of two transition tables could be planned as a nested loop).
  changed := ARRAY(SELECT v.id FROM (
      SELECT id, customer_ref, score, team_id, company_id, responded_at FROM old_rows
      UNION SELECT id, customer_ref, score, team_id, company_id, responded_at FROM new_rows
    ) v GROUP BY v.id HAVING COUNT(*) > 1)\073
  IF cardinality(changed) = 0 THEN
    RETURN NULL\073
  END IF\073
  -- Minus every old version, plus every new one: the unchanged rows cancel out.
  PERFORM nps_add_day_counts(array_agg(u.c), array_agg(u.t), array_agg(u.a), array_agg(u.s), array_agg(u.g))
  FROM (SELECT company_id AS c, team_id AS t, responded_at AS a, score AS s, -1 AS g FROM old_rows
    UNION ALL SELECT company_id, team_id, responded_at, score, 1 FROM new_rows) u\073
  -- An erased customer reference takes the answer out of the retention facts.
  refs := ARRAY(SELECT customer_ref FROM old_rows WHERE customer_ref IS NOT NULL
    UNION SELECT customer_ref FROM new_rows WHERE customer_ref IS NOT NULL)\073
  PERFORM nps_lock_customers(refs)\073
  PERFORM nps_drop_retention_answers(ARRAY(SELECT id FROM new_rows WHERE customer_ref IS NULL))\073
  PERFORM nps_add_retention_answers(changed)\073
  PERFORM nps_refresh_answer_order(refs)\073
  RETURN NULL\073
END';

CREATE FUNCTION nps_rollup_responses_delete() RETURNS TRIGGER LANGUAGE plpgsql AS E'
BEGIN
  PERFORM nps_add_day_counts(array_agg(company_id), array_agg(team_id), array_agg(responded_at),
    array_agg(score), array_agg(-1)) FROM old_rows\073
  IF EXISTS (SELECT 1 FROM old_rows WHERE customer_ref IS NOT NULL) THEN
    PERFORM nps_lock_customers(ARRAY(SELECT customer_ref FROM old_rows WHERE customer_ref IS NOT NULL))\073
    PERFORM nps_drop_retention_answers(ARRAY(SELECT id FROM old_rows))\073
    PERFORM nps_refresh_answer_order(ARRAY(SELECT DISTINCT customer_ref FROM old_rows WHERE customer_ref IS NOT NULL))\073
  END IF\073
  RETURN NULL\073
END';

CREATE FUNCTION nps_rollup_responses_truncate() RETURNS TRIGGER LANGUAGE plpgsql AS E'
BEGIN
  DELETE FROM response_day_counts\073
  DELETE FROM retention_answers\073
  RETURN NULL\073
END';

CREATE FUNCTION nps_rollup_cases_new() RETURNS TRIGGER LANGUAGE plpgsql AS E'
BEGIN
  PERFORM nps_refresh_loop(ARRAY(SELECT response_id FROM new_rows))\073
  RETURN NULL\073
END';

CREATE FUNCTION nps_rollup_cases_old() RETURNS TRIGGER LANGUAGE plpgsql AS E'
BEGIN
  PERFORM nps_refresh_loop(ARRAY(SELECT response_id FROM old_rows))\073
  RETURN NULL\073
END';

CREATE FUNCTION nps_rollup_cases_truncate() RETURNS TRIGGER LANGUAGE plpgsql AS E'
BEGIN
  PERFORM nps_refresh_loop(ARRAY(SELECT response_id FROM retention_answers WHERE score <= 6))\073
  RETURN NULL\073
END';

CREATE FUNCTION nps_rollup_events_new() RETURNS TRIGGER LANGUAGE plpgsql AS E'
DECLARE
  refs TEXT[] := ARRAY(SELECT DISTINCT customer_ref FROM new_rows WHERE kind = ''dropped_out'')\073
BEGIN
  PERFORM nps_lock_customers(refs)\073
  PERFORM nps_refresh_first_drop(refs)\073
  RETURN NULL\073
END';

CREATE FUNCTION nps_rollup_events_update() RETURNS TRIGGER LANGUAGE plpgsql AS E'
DECLARE
  refs TEXT[] := ARRAY(SELECT customer_ref FROM new_rows WHERE kind = ''dropped_out''
    UNION SELECT customer_ref FROM old_rows WHERE kind = ''dropped_out'')\073
BEGIN
  PERFORM nps_lock_customers(refs)\073
  PERFORM nps_refresh_first_drop(refs)\073
  RETURN NULL\073
END';

CREATE FUNCTION nps_rollup_events_old() RETURNS TRIGGER LANGUAGE plpgsql AS E'
DECLARE
  refs TEXT[] := ARRAY(SELECT DISTINCT customer_ref FROM old_rows WHERE kind = ''dropped_out'')\073
BEGIN
  PERFORM nps_lock_customers(refs)\073
  PERFORM nps_refresh_first_drop(refs)\073
  RETURN NULL\073
END';

CREATE FUNCTION nps_rollup_events_truncate() RETURNS TRIGGER LANGUAGE plpgsql AS E'
BEGIN
  UPDATE retention_answers SET first_drop_on = NULL WHERE first_drop_on IS NOT NULL\073
  RETURN NULL\073
END';

CREATE TRIGGER nps_rollup_insert AFTER INSERT ON "survey_responses"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_responses_insert();
CREATE TRIGGER nps_rollup_update AFTER UPDATE ON "survey_responses"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_responses_update();
CREATE TRIGGER nps_rollup_delete AFTER DELETE ON "survey_responses"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_responses_delete();
CREATE TRIGGER nps_rollup_truncate AFTER TRUNCATE ON "survey_responses"
  FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_responses_truncate();

CREATE TRIGGER nps_rollup_insert AFTER INSERT ON "follow_up_cases"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_cases_new();
CREATE TRIGGER nps_rollup_update AFTER UPDATE ON "follow_up_cases"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_cases_new();
CREATE TRIGGER nps_rollup_delete AFTER DELETE ON "follow_up_cases"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_cases_old();
CREATE TRIGGER nps_rollup_truncate AFTER TRUNCATE ON "follow_up_cases"
  FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_cases_truncate();

CREATE TRIGGER nps_rollup_insert AFTER INSERT ON "customer_events"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_events_new();
CREATE TRIGGER nps_rollup_update AFTER UPDATE ON "customer_events"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_events_update();
CREATE TRIGGER nps_rollup_delete AFTER DELETE ON "customer_events"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_events_old();
CREATE TRIGGER nps_rollup_truncate AFTER TRUNCATE ON "customer_events"
  FOR EACH STATEMENT EXECUTE FUNCTION nps_rollup_events_truncate();

-- Backfill from the rows already stored.
INSERT INTO response_day_counts (company_key, team_key, day, responses, promoters, detractors)
SELECT COALESCE(company_id, 0), COALESCE(team_id, 0), (responded_at AT TIME ZONE 'UTC')::date,
  COUNT(*), COUNT(*) FILTER (WHERE score >= 9), COUNT(*) FILTER (WHERE score <= 6)
FROM survey_responses GROUP BY 1, 2, 3;

INSERT INTO retention_answers (response_id, customer_ref, team_id, company_id, responded_at, score, loop, first_drop_on,
  next_in_team, next_in_company, several_companies)
SELECT r.id, r.customer_ref, r.team_id, r.company_id, r.responded_at, r.score,
  nps_case_loop(r.score, c.id, c.status, c.outcome),
  (SELECT min(e.occurred_on) FROM customer_events e
    WHERE e.customer_ref = r.customer_ref AND e.kind = 'dropped_out'
      AND e.occurred_on >= (r.responded_at AT TIME ZONE 'UTC')::date),
  lead(r.responded_at) OVER (PARTITION BY r.customer_ref, r.team_id ORDER BY r.responded_at, r.id),
  lead(r.responded_at) OVER (PARTITION BY r.customer_ref, r.company_id ORDER BY r.responded_at, r.id),
  min(COALESCE(r.company_id, 0)) OVER (PARTITION BY r.customer_ref)
    <> max(COALESCE(r.company_id, 0)) OVER (PARTITION BY r.customer_ref)
FROM survey_responses r
LEFT JOIN follow_up_cases c ON c.response_id = r.id AND r.score <= 6
WHERE r.customer_ref IS NOT NULL;
