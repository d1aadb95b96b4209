-- A trend reads a patient's minutes from the key alone (an index-only scan): the key carries the
-- minute's figures. The minutes of one patient lie in the key side by side, in time order, while in the
-- table they are spread over a page per minute written (the roll-up writes every bed's minute at once),
-- so a 7-day trend read some 10,000 table pages and took over a second (BENCHMARKS.md). The roll-up's
-- merge still names this constraint. The key is made again on every partition (a one-off rebuild).

alter table vitals_minutes drop constraint vitals_minutes_key;

alter table vitals_minutes add constraint vitals_minutes_key
    primary key (patient_id, minute, sign) include (low, high, total, readings, last, last_at);
