// A fill record is telemetry at QoS 1: a gateway that missed the PUBACK sends it again (DUP), and the
// station kind would write a second 'filled' (and 'forced_fill') entry on the cylinder's timeline. One
// entry per cylinder, station, record time and kind: the writer inserts with on conflict do nothing.
// Duplicates written before this migration go first (the oldest entry stays).
export default `
delete from cylinder_events e using cylinder_events d
  where e.kind in ('filled', 'forced_fill') and d.kind = e.kind and d.cylinder_code = e.cylinder_code
    and d.station_code is not distinct from e.station_code and d.at = e.at and d.id < e.id;
create unique index cylinder_events_one_fill on cylinder_events (cylinder_code, (coalesce(station_code, '')), at, kind)
  where kind in ('filled', 'forced_fill');
`
