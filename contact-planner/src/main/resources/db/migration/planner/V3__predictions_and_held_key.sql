-- The prediction each plan is judged by, and the key held when a plan was asked for (module contact-planner).
-- Same dialect rules as V1: H2 (MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE) and PostgreSQL 17. No CHECK (col IN ...)
-- constraints: H2 2.4.240 mishandles them; the repositories write only the values they name.

-- Per plan: what it predicts as delivered pair key and by which model. model 'sample-average' (robust planner): the
-- out-of-sample prediction over evaluation_scenarios fresh weather scenarios, with the in-sample SAA objective and
-- CP-SAT's proven bound on that sample problem. model 'expected-value' (expected, greedy): the plan's own promise
-- (P(clear) x bits as a sure yield); no band, no SAA figures (NULL), 0 scenarios.
CREATE TABLE planner_predictions (
    plan_id               BIGINT  NOT NULL PRIMARY KEY REFERENCES planner_plans (id) ON DELETE CASCADE,
    strategy              VARCHAR(20) NOT NULL,        -- expected, robust, greedy
    model                 VARCHAR(20) NOT NULL,        -- sample-average, expected-value
    mean_bits             DOUBLE PRECISION NOT NULL,   -- pair key summed over demands
    p10_bits              DOUBLE PRECISION,
    p90_bits              DOUBLE PRECISION,
    weighted_bits         DOUBLE PRECISION NOT NULL,   -- sum of priority x pair key
    std_error_bits        DOUBLE PRECISION,            -- of mean_bits, from the evaluation scenarios
    saa_objective         DOUBLE PRECISION,            -- in-sample, priority x bits
    saa_bound             DOUBLE PRECISION,            -- proven bound on the sample problem, priority x bits
    scenarios             INTEGER NOT NULL,
    evaluation_scenarios  INTEGER NOT NULL
);

-- Per plan and demand: the predicted pair key (mean, p10, p90, share of scenarios without key).
CREATE TABLE planner_pair_predictions (
    plan_id    BIGINT       NOT NULL REFERENCES planner_predictions (plan_id) ON DELETE CASCADE,
    pair_id    VARCHAR(401) NOT NULL,
    seq        INTEGER      NOT NULL,
    mean_bits  DOUBLE PRECISION NOT NULL,
    p10_bits   DOUBLE PRECISION,
    p90_bits   DOUBLE PRECISION,
    p_none     DOUBLE PRECISION,
    PRIMARY KEY (plan_id, pair_id)
);

-- Key already held when a planning job was launched (stock per link, pair key delivered per demand), keyed by the
-- job's launch id: a job parameter cannot hold a fleet's stock, and a restart must plan from the same numbers.
CREATE TABLE planner_launch_stock (
    launch_id     VARCHAR(64)  NOT NULL,
    satellite_id  VARCHAR(200) NOT NULL,
    terminal_id   VARCHAR(200) NOT NULL,
    bits          BIGINT       NOT NULL,
    PRIMARY KEY (launch_id, satellite_id, terminal_id)
);

CREATE TABLE planner_launch_delivered (
    launch_id  VARCHAR(64)  NOT NULL,
    pair_id    VARCHAR(401) NOT NULL,
    bits       BIGINT       NOT NULL,
    PRIMARY KEY (launch_id, pair_id)
);
