// 平层关人 or 非平层关人 for every entrapment the rules can tell, also when the terminal reported it
// (alerts/rules.ts): the dispatcher tells the rescuers which kind of release to prepare.
export default `
alter table alerts add column entrapment_kind text check (entrapment_kind in ('at_landing', 'between_floors'));
update alerts set entrapment_kind = source where type = 'entrapment' and source in ('at_landing', 'between_floors');
`
