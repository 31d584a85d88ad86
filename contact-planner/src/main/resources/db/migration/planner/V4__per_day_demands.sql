-- Demands honoured per day (docs/contact-planner.md, "Demands per day") in stored plans, and the combination times
-- of the pair key already delivered when a planning job was launched (module contact-planner).
-- Same dialect rules as V1: H2 (MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE) and PostgreSQL 17.

-- A plan's demand honoured per day: the start of its slot 0 and the pair key carried in before it, bits (both NULL
-- for a demand over the horizon); its slots' requests are in planner_pair_slots and sum to requested_bits.
ALTER TABLE planner_pair_plans ADD COLUMN daily_start TIMESTAMP WITH TIME ZONE;
ALTER TABLE planner_pair_plans ADD COLUMN daily_carried_bits BIGINT;

CREATE TABLE planner_pair_slots (
    plan_id     BIGINT       NOT NULL,
    pair_id     VARCHAR(401) NOT NULL,
    slot_index  INTEGER      NOT NULL,   -- k: [daily_start + k days, + 1 day), the last one to the window's end
    bits        BIGINT       NOT NULL,   -- the slot's request
    PRIMARY KEY (plan_id, pair_id, slot_index),
    FOREIGN KEY (plan_id, pair_id) REFERENCES planner_pair_plans (plan_id, pair_id) ON DELETE CASCADE
);

-- Delivered pair key of a launch by combination instant (a per-day demand credits key by the day it was combined
-- in). Replaces planner_launch_delivered, whose totals carry over as combined before any window (the epoch), which
-- is what a total meant.
CREATE TABLE planner_launch_pair_keys (
    launch_id    VARCHAR(64)  NOT NULL,
    pair_id      VARCHAR(401) NOT NULL,
    combined_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    bits         BIGINT       NOT NULL,
    PRIMARY KEY (launch_id, pair_id, combined_at)
);

INSERT INTO planner_launch_pair_keys (launch_id, pair_id, combined_at, bits)
    SELECT launch_id, pair_id, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00:00', bits FROM planner_launch_delivered;

DROP TABLE planner_launch_delivered;
