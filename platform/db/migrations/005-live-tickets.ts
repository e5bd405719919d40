// Live-stream tickets (users/): EventSource cannot send an Authorization header, and a session token in a
// URL ends up in proxy and access logs. A ticket is single-use, lives seconds, and dies with its session.
export default `
create table live_tickets (
  ticket_hash text primary key,
  session_token_hash text not null references sessions(token_hash) on delete cascade,
  expires_at timestamptz not null
);
create index live_tickets_expires on live_tickets (expires_at);
`
