-- Issue 11 §4: earmarks guide, they do not strand. Each combination records how its key was matched:
-- 'EARMARK' when both segments were key the plan earmarked for the pair, 'REMATCH' when at least one was not
-- (unearmarked key, or key stranded by an earmark its pair could no longer use). Null for instructions issued before
-- this version (not known).
alter table ledger_instruction add column matching varchar(16);
