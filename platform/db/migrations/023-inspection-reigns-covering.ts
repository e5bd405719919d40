// The reign lookups of 定检率 (inspection/kpi.ts) without visiting the table: each of the three indexes by
// which the overdue, failed and due-soon lifts at a date are found now carries the columns the statement
// counts by and filters on (migration 021's district, use unit, firm, in-use status; the due-soon lookup
// also the reign), so the ~14,000 lifts in those states at each date are counted from the index alone
// (an index-only scan, where the table's pages are all-visible: autovacuum sees to that). A 12-month trend
// is 12 such dates: ~170,000 random table reads fewer.
export default `
drop index inspection_reigns_overdue_idx;
drop index inspection_reigns_failed_idx;
drop index inspection_reigns_due_idx;
create index inspection_reigns_overdue_idx on inspection_reigns using gist (overdue) include (in_use, district_id, use_unit_id, maintenance_firm_id) where overdue is not null;
create index inspection_reigns_failed_idx on inspection_reigns using gist (reign) include (in_use, district_id, use_unit_id, maintenance_firm_id) where failed;
create index inspection_reigns_due_idx on inspection_reigns (valid_until) include (reign, in_use, district_id, use_unit_id, maintenance_firm_id) where not failed;
`
