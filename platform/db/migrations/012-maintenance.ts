// Paperless maintenance (无纸化维保, issue #12, domain.md §4): checklists as versioned data, seeded here with
// TSG T5002-2017 Annex A (traction: 31 half-monthly, +13 quarterly, +15 half-yearly, +17 annual) and Annex
// D (escalators and moving walks) as version 1; visits (a draft until submitted), their photos, follow-ups
// of 不合格 items, the use unit's confirmation, the lift terminal's verdict, and each lift's hash chain.
//
// A submitted record is immutable, and the database says so itself (like audit_log): a trigger refuses any
// update or delete of a submitted record or of its photos, whoever asks. A correction is a new record that
// names the old one. Each submitted record carries its place in its lift's chain (seq), the previous
// record's hash and its own (content, photo hashes, previous hash): maintenance/chain.ts verifies it, so
// even an edit made with the trigger disabled is found. The seed is frozen here: later versions are rows.
// (Function bodies stay on one line: platform/db/migrate.ts splits statements at line-ending semicolons.)
type Row = readonly [interval: 'half_monthly' | 'quarterly' | 'half_yearly' | 'annual', item: string, requirement: string]

const ANNEX_A: Record<string, readonly Row[]> = {
  A1: [
    ['half_monthly', '机房、滑轮间环境', '清洁，机房、滑轮间门窗完好，照明正常'],
    ['half_monthly', '手动紧急操作装置', '齐全，在指定位置'],
    ['half_monthly', '驱动主机', '运行时无异常振动和异常声响'],
    ['half_monthly', '制动器各销轴部位', '动作灵活'],
    ['half_monthly', '制动器间隙', '打开时制动衬与制动轮不应发生摩擦，间隙值符合制造单位要求'],
    ['half_monthly', '制动器作为轿厢意外移动保护装置制停子系统时的自监测', '制动力人工方式检测符合使用维护说明书要求，制动力自监测系统有记录'],
    ['half_monthly', '编码器', '清洁，安装牢固'],
    ['half_monthly', '限速器各销轴部位', '润滑，转动灵活，电气开关正常'],
    ['half_monthly', '层门和轿门旁路装置', '工作正常'],
    ['half_monthly', '紧急电动运行', '工作正常'],
    ['half_monthly', '轿顶', '清洁，防护栏安全可靠'],
    ['half_monthly', '轿顶检修开关、停止装置', '工作正常'],
    ['half_monthly', '导靴上油杯', '吸油毛毡齐全，油量适宜，油杯无泄漏'],
    ['half_monthly', '对重/平衡重块及其压板', '对重/平衡重块无松动，压板紧固'],
    ['half_monthly', '井道照明', '齐全，正常'],
    ['half_monthly', '轿厢照明、风扇、应急照明', '工作正常'],
    ['half_monthly', '轿厢检修开关、停止装置', '工作正常'],
    ['half_monthly', '轿内报警装置、对讲系统', '工作正常'],
    ['half_monthly', '轿内显示、指令按钮、IC卡系统', '齐全，有效'],
    ['half_monthly', '轿门防撞击保护装置（安全触板，光幕、光电等）', '功能有效'],
    ['half_monthly', '轿门门锁电气触点', '清洁，触点接触良好，接线可靠'],
    ['half_monthly', '轿门运行', '开启和关闭工作正常'],
    ['half_monthly', '轿厢平层准确度', '符合标准值'],
    ['half_monthly', '层站召唤、层楼显示', '齐全，有效'],
    ['half_monthly', '层门地坎', '清洁'],
    ['half_monthly', '层门自动关门装置', '正常'],
    ['half_monthly', '层门门锁自动复位', '用层门钥匙打开手动开锁装置释放后，层门门锁能自动复位'],
    ['half_monthly', '层门门锁电气触点', '清洁，触点接触良好，接线可靠'],
    ['half_monthly', '层门锁紧元件啮合长度', '不小于7mm'],
    ['half_monthly', '底坑环境', '清洁，无渗水、积水，照明正常'],
    ['half_monthly', '底坑停止装置', '工作正常']
  ],
  A2: [
    ['quarterly', '减速机润滑油', '油量适宜，除蜗杆伸出端外均无渗漏'],
    ['quarterly', '制动衬', '清洁，磨损量不超过制造单位要求'],
    ['quarterly', '编码器', '工作正常'],
    ['quarterly', '选层器动静触点', '清洁，无烧蚀'],
    ['quarterly', '曳引轮槽、悬挂装置', '清洁，钢丝绳无严重油腻，张力均匀，符合制造单位要求'],
    ['quarterly', '限速器轮槽、限速器钢丝绳', '清洁，无严重油腻'],
    ['quarterly', '靴衬、滚轮', '清洁，磨损量不超过制造单位要求'],
    ['quarterly', '验证轿门关闭的电气安全装置', '工作正常'],
    ['quarterly', '层门、轿门系统中传动钢丝绳、链条、传动带', '按照制造单位要求进行清洁、调整'],
    ['quarterly', '层门门导靴', '磨损量不超过制造单位要求'],
    ['quarterly', '消防开关', '工作正常，功能有效'],
    ['quarterly', '耗能缓冲器', '电气安全装置功能有效，油量适宜，柱塞无锈蚀'],
    ['quarterly', '限速器张紧轮装置和电气安全装置', '工作正常']
  ],
  A3: [
    ['half_yearly', '电动机与减速机联轴器', '连接无松动，弹性元件外观良好，无老化等现象'],
    ['half_yearly', '驱动轮、导向轮轴承部', '无异常声响，无振动，润滑良好'],
    ['half_yearly', '曳引轮槽', '磨损量不超过制造单位要求'],
    ['half_yearly', '制动器动作状态监测装置', '工作正常，制动器动作可靠'],
    ['half_yearly', '控制柜内各接线端子', '各接线紧固、整齐，线号齐全清晰'],
    ['half_yearly', '控制柜各仪表', '显示正常'],
    ['half_yearly', '井道、对重、轿顶各反绳轮轴承部', '无异常声响，无振动，润滑良好'],
    ['half_yearly', '悬挂装置、补偿绳', '磨损量、断丝数不超过要求'],
    ['half_yearly', '绳头组合', '螺母无松动'],
    ['half_yearly', '限速器钢丝绳', '磨损量、断丝数不超过制造单位要求'],
    ['half_yearly', '层门、轿门门扇', '门扇各相关间隙符合标准值'],
    ['half_yearly', '轿门开门限制装置', '工作正常'],
    ['half_yearly', '对重缓冲距离', '符合标准值'],
    ['half_yearly', '补偿链（绳）与轿厢、对重接合处', '固定，无松动'],
    ['half_yearly', '上、下极限开关', '工作正常']
  ],
  A4: [
    ['annual', '减速机润滑油', '按照制造单位要求适时更换，保证油质符合要求'],
    ['annual', '控制柜接触器，继电器触点', '接触良好'],
    ['annual', '制动器铁芯（柱塞）', '进行清洁、润滑、检查，磨损量不超过制造单位要求'],
    ['annual', '制动器制动能力', '符合制造单位要求，保持有足够的制动力，必要时进行轿厢装载125%额定载重量的制动试验'],
    ['annual', '导电回路绝缘性能测试', '符合标准'],
    ['annual', '限速器安全钳联动试验（对于使用年限不超过15年的限速器，每2年进行一次限速器动作速度校验；对于使用年限超过15年的限速器，每年进行一次限速器动作速度校验）', '工作正常'],
    ['annual', '上行超速保护装置动作试验', '工作正常'],
    ['annual', '轿厢意外移动保护装置动作试验', '工作正常'],
    ['annual', '轿顶、轿厢架、轿门及其附件安装螺栓', '紧固'],
    ['annual', '轿厢和对重/平衡重的导轨支架', '固定，无松动'],
    ['annual', '轿厢和对重/平衡重的导轨', '清洁，压板牢固'],
    ['annual', '随行电缆', '无损伤'],
    ['annual', '层门装置和地坎', '无影响正常使用的变形，各安装螺栓紧固'],
    ['annual', '轿厢称重装置', '准确有效'],
    ['annual', '安全钳钳座', '固定，无松动'],
    ['annual', '轿底各安装螺栓', '紧固'],
    ['annual', '缓冲器', '固定，无松动']
  ]
}

const ANNEX_D: Record<string, readonly Row[]> = {
  D1: [
    ['half_monthly', '电器部件', '清洁，接线紧固'],
    ['half_monthly', '故障显示板', '信号功能正常'],
    ['half_monthly', '设备运行状况', '正常，没有异常声响和抖动'],
    ['half_monthly', '主驱动链', '运转正常，电气安全保护装置动作有效'],
    ['half_monthly', '制动器机械装置', '清洁，动作正常'],
    ['half_monthly', '制动器状态监测开关', '工作正常'],
    ['half_monthly', '减速机润滑油', '油量适宜，无渗油'],
    ['half_monthly', '电机通风口', '清洁'],
    ['half_monthly', '检修控制装置', '工作正常'],
    ['half_monthly', '自动润滑油罐油位', '油位正常，润滑系统工作正常'],
    ['half_monthly', '梳齿板开关', '工作正常'],
    ['half_monthly', '梳齿板照明', '照明正常'],
    ['half_monthly', '梳齿板梳齿与踏板面齿槽、导向胶带', '梳齿板完好无损，梳齿板梳齿与踏板面齿槽、导向胶带啮合正常'],
    ['half_monthly', '梯级或者踏板下陷开关', '工作正常'],
    ['half_monthly', '梯级或者踏板缺失监测装置', '工作正常'],
    ['half_monthly', '超速或者非操纵逆转监测装置', '工作正常'],
    ['half_monthly', '检修盖板和楼层板', '防倾覆或者翻转措施和监控装置有效、可靠'],
    ['half_monthly', '梯级链张紧开关', '位置正确，动作正常'],
    ['half_monthly', '防护挡板', '有效，无破损'],
    ['half_monthly', '梯级滚轮和梯级导轨', '工作正常'],
    ['half_monthly', '梯级、踏板与围裙板之间的间隙', '任何一侧的水平间隙及两侧间隙之和符合标准值'],
    ['half_monthly', '运行方向显示', '工作正常'],
    ['half_monthly', '扶手带入口处保护开关', '动作灵活可靠，清除入口处垃圾'],
    ['half_monthly', '扶手带', '表面无毛刺，无机械损伤，运行无摩擦'],
    ['half_monthly', '扶手带运行', '速度正常'],
    ['half_monthly', '扶手护壁板', '牢固可靠'],
    ['half_monthly', '上下出入口处的照明', '工作正常'],
    ['half_monthly', '上下出入口和扶梯之间保护栏杆', '牢固可靠'],
    ['half_monthly', '出入口安全警示标志', '齐全，醒目'],
    ['half_monthly', '分离机房、各驱动和转向站', '清洁，无杂物'],
    ['half_monthly', '自动运行功能', '工作正常'],
    ['half_monthly', '紧急停止开关', '工作正常'],
    ['half_monthly', '驱动主机的固定', '牢固可靠']
  ],
  D2: [
    ['quarterly', '扶手带的运行速度', '相对于梯级、踏板或者胶带的速度允差为0～+2%'],
    ['quarterly', '梯级链张紧装置', '工作正常'],
    ['quarterly', '梯级轴衬', '润滑有效'],
    ['quarterly', '梯级链润滑', '运行工况正常'],
    ['quarterly', '防灌水保护装置', '动作可靠（雨季到来之前必须完成）']
  ],
  D3: [
    ['half_yearly', '制动衬厚度', '不小于制造单位要求'],
    ['half_yearly', '主驱动链', '清理表面油污，润滑'],
    ['half_yearly', '主驱动链链条滑块', '清洁，厚度符合制造单位要求'],
    ['half_yearly', '电动机与减速机联轴器', '连接无松动，弹性元件外观良好，无老化等现象'],
    ['half_yearly', '空载向下运行制动距离', '符合标准值'],
    ['half_yearly', '制动器机械装置', '润滑，工作有效'],
    ['half_yearly', '附加制动器', '清洁和润滑，功能可靠'],
    ['half_yearly', '减速机润滑油', '按照制造单位的要求进行检查、更换'],
    ['half_yearly', '调整梳齿板梳齿与踏板面齿槽啮合深度和间隙', '符合标准值'],
    ['half_yearly', '扶手带张紧度张紧弹簧负荷长度', '符合制造单位要求'],
    ['half_yearly', '扶手带速度监控系统', '工作正常'],
    ['half_yearly', '梯级踏板加热装置', '功能正常，温度感应器接线牢固（冬季到来之前必须完成）']
  ],
  D4: [
    ['annual', '主接触器', '工作可靠'],
    ['annual', '主机速度检测功能', '功能可靠，清洁感应面、感应间隙符合制造单位要求'],
    ['annual', '电缆', '无破损，固定牢固'],
    ['annual', '扶手带托轮、滑轮群、防静电轮', '清洁，无损伤，托轮转动平滑'],
    ['annual', '扶手带内侧凸缘处', '无损伤，清洁扶手导轨滑动面'],
    ['annual', '扶手带断带保护开关', '功能正常'],
    ['annual', '扶手带导向块和导向轮', '清洁，工作正常'],
    ['annual', '在进入梳齿板处的扶手带入口处之垂直间隙', '符合标准值'],
    ['annual', '电气安全装置', '动作可靠'],
    ['annual', '设备运行状况', '正常，梯级运行平稳，无异常抖动，无异常声响']
  ]
}

const itemsOf = (tables: Record<string, readonly Row[]>) => Object.entries(tables).flatMap(([table, rows]) =>
  rows.map(([interval, item, requirement], i) => ({ code: `${table}-${String(i + 1).padStart(2, '0')}`, interval, item, requirement })))

/** Version 1 of each annex as the migration seeds it (tests compare against it). */
export const SEED_CHECKLISTS = [
  { annex: 'A', title: 'TSG T5002-2017 附件A 曳引与强制驱动电梯维护保养项目（内容）和要求', items: itemsOf(ANNEX_A) },
  { annex: 'D', title: 'TSG T5002-2017 附件D 自动扶梯与自动人行道维护保养项目（内容）和要求', items: itemsOf(ANNEX_D) }
] as const

// Dollar-quoted one-line JSON: no quote to escape and no semicolon at a line end.
const seed = SEED_CHECKLISTS.map((c) => `insert into maintenance_checklists (annex, version, title, items) values ('${c.annex}', 1, $seed$${c.title}$seed$, $seed$${JSON.stringify(c.items)}$seed$::jsonb);`).join('\n')

export default `
create table maintenance_checklists (
  id serial primary key,
  annex text not null check (annex in ('A', 'B', 'C', 'D')),
  version integer not null check (version >= 1),
  title text not null,
  items jsonb not null check (jsonb_typeof(items) = 'array'),
  created_by integer references users(id),
  created_at timestamptz not null default now(),
  unique (annex, version)
);
${seed}

create table maintenance_records (
  id bigserial primary key,
  elevator_id integer not null references elevators(id) on delete restrict,
  firm_id integer not null references maintenance_firms(id),
  checklist_id integer not null references maintenance_checklists(id),
  interval text not null check (interval in ('half_monthly', 'quarterly', 'half_yearly', 'annual')),
  status text not null default 'draft' check (status in ('draft', 'submitted')),
  started_at timestamptz not null,
  ended_at timestamptz,
  latitude double precision check (latitude between -90 and 90),
  longitude double precision check (longitude between -180 and 180),
  gps_accuracy_m double precision,
  -- { itemCode: { result: pass | fail | na, note } }
  results jsonb not null default '{}',
  -- [{ name, certificateNo, signature (data URL) }]
  workers jsonb not null default '[]',
  corrects_id bigint references maintenance_records(id),
  seq integer,
  prev_hash text,
  hash text,
  source text not null default 'api' check (source in ('api', 'demo')),
  created_by integer references users(id),
  created_at timestamptz not null default now(),
  submitted_by integer references users(id),
  submitted_at timestamptz,
  check (status = 'draft' or (ended_at is not null and seq is not null and hash is not null and submitted_at is not null)),
  check (ended_at is null or ended_at >= started_at)
);
create unique index maintenance_records_chain on maintenance_records (elevator_id, seq);
create index maintenance_records_lift_idx on maintenance_records (elevator_id, status, started_at desc);
create index maintenance_records_firm_idx on maintenance_records (firm_id, started_at desc);

create table maintenance_photos (
  id bigserial primary key,
  record_id bigint not null references maintenance_records(id) on delete restrict,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  mime text not null check (mime in ('image/jpeg', 'image/png', 'image/webp')),
  bytes integer not null check (bytes > 0),
  created_at timestamptz not null default now()
);
create index maintenance_photos_record_idx on maintenance_photos (record_id, id);

-- The head of each lift's chain: a deleted last record leaves the chain shorter than its head says.
create table maintenance_chain_heads (
  elevator_id integer primary key references elevators(id) on delete restrict,
  seq integer not null,
  hash text not null,
  updated_at timestamptz not null default now()
);

create table maintenance_confirmations (
  record_id bigint primary key references maintenance_records(id) on delete restrict,
  user_id integer not null references users(id),
  name text not null,
  signature text not null,
  confirmed_at timestamptz not null default now()
);

create table maintenance_followups (
  id bigserial primary key,
  elevator_id integer not null references elevators(id) on delete restrict,
  item_code text not null,
  item text not null,
  note text,
  opened_by_record bigint not null references maintenance_records(id),
  closed_by_record bigint references maintenance_records(id),
  opened_at timestamptz not null,
  closed_at timestamptz
);
create unique index maintenance_followups_one_open on maintenance_followups (elevator_id, item_code) where closed_by_record is null;

create table maintenance_verifications (
  record_id bigint primary key references maintenance_records(id) on delete cascade,
  verified boolean not null,
  reason text not null check (reason in ('inspection_mode_seen', 'no_terminal', 'offline', 'no_inspection_mode', 'too_short', 'unavailable')),
  inspection_mode_points integer not null default 0,
  checked_at timestamptz not null default now()
);

create function maintenance_record_refuse_change() returns trigger language plpgsql as $$ begin if old.status = 'submitted' then raise exception 'maintenance record % is submitted and immutable: % refused', old.id, tg_op using errcode = 'insufficient_privilege'; end if; if tg_op = 'DELETE' then return old; end if; return new; end $$;
create trigger maintenance_records_immutable before update or delete on maintenance_records for each row execute function maintenance_record_refuse_change();
create function maintenance_photo_refuse_change() returns trigger language plpgsql as $$ begin if exists (select 1 from maintenance_records r where r.id = old.record_id and r.status = 'submitted') then raise exception 'photo % belongs to a submitted maintenance record: % refused', old.id, tg_op using errcode = 'insufficient_privilege'; end if; if tg_op = 'DELETE' then return old; end if; return new; end $$;
create trigger maintenance_photos_immutable before update or delete on maintenance_photos for each row execute function maintenance_photo_refuse_change();
create function maintenance_refuse_truncate() returns trigger language plpgsql as $$ begin raise exception 'maintenance records are kept: % refused', tg_op using errcode = 'insufficient_privilege'; end $$;
create trigger maintenance_records_no_truncate before truncate on maintenance_records for each statement execute function maintenance_refuse_truncate();
create trigger maintenance_photos_no_truncate before truncate on maintenance_photos for each statement execute function maintenance_refuse_truncate();
`
